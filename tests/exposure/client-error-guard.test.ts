import type { Socket } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { clientErrorHandler } from '../../reference-server/http/framework-errors.ts'

/**
 * The server's `clientErrorHandler` writes Node's bodiless 400/408/431 itself, so it must keep
 * Node's guard: while a response is already going out on the socket (its head sent), a second
 * status line would be spliced into that response's bytes. Then it only closes the connection.
 */

/** A stand-in socket: what the handler reads (writable, destroyed, the in-flight response) and what it calls. */
function fakeSocket(inFlight: { headersSent: boolean } | null) {
  return { writable: true, destroyed: false, _httpMessage: inFlight, write: vi.fn(), destroy: vi.fn() }
}

function parseError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error('Parse Error'), { code })
}

describe("the server's clientErrorHandler", () => {
  const handler = clientErrorHandler()!

  it('answers a request Node could not parse with a bodiless status and closes', () => {
    for (const inFlight of [null, { headersSent: false }]) {
      const socket = fakeSocket(inFlight)
      handler(parseError('HPE_INVALID_METHOD'), socket as unknown as Socket)
      expect(socket.write).toHaveBeenCalledWith('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      expect(socket.destroy).toHaveBeenCalled()
    }
  })

  it('writes nothing when a response is already going out on the socket, and only closes it', () => {
    const socket = fakeSocket({ headersSent: true })
    handler(parseError('ERR_HTTP_REQUEST_TIMEOUT'), socket as unknown as Socket)
    expect(socket.write).not.toHaveBeenCalled()
    expect(socket.destroy).toHaveBeenCalled()
  })
})
