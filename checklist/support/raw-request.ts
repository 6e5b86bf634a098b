import { connect as tcpConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

/** What a request whose body never came was answered, and when. */
export interface StalledOutcome {
  /** Status of the answer, if one arrived within the wait. */
  status: number | undefined
  /** Milliseconds until the first byte of the answer; `undefined` if none came. */
  answeredAfterMs: number | undefined
  /** Milliseconds until the server closed the connection; `undefined` if it was still open. */
  closedAfterMs: number | undefined
}

/**
 * Sends the head of a `POST` to `url` announcing a body of `contentLength` bytes, then sends no
 * body at all and waits up to `waitMs` (what fetch cannot do: it always sends the body it has).
 * With `untilClosed` it waits for the close; else it stops at the first answer. Plain TCP for
 * http:, TLS for https:. `headers` may carry a token: it is sent, never returned or printed.
 */
export function postWithStalledBody(
  url: string,
  headers: Record<string, string>,
  options: { contentLength: number; waitMs: number; untilClosed?: boolean },
): Promise<StalledOutcome> {
  const target = new URL(url)
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80))
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const lines = Object.entries({ host: target.host, 'content-type': 'application/json', 'content-length': String(options.contentLength), ...headers })
  const head = `POST ${target.pathname}${target.search} HTTP/1.1\r\n${lines.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`
  return new Promise((resolve) => {
    const socket: Socket = target.protocol === 'https:' ? tlsConnect({ host, port, servername: host }) : tcpConnect(port, host)
    let started = Date.now()
    let text = ''
    let answeredAfterMs: number | undefined
    const finish = (closed: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]
      resolve({ status: status ? Number(status) : undefined, answeredAfterMs, closedAfterMs: closed ? Date.now() - started : undefined })
    }
    const timer = setTimeout(() => finish(false), options.waitMs)
    socket.on(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      started = Date.now()
      socket.write(head)
    })
    socket.on('data', (chunk: Buffer) => {
      answeredAfterMs ??= Date.now() - started
      text += chunk.toString('latin1')
      if (!options.untilClosed && /\r\n\r\n/.test(text)) finish(false)
    })
    socket.on('error', () => finish(true))
    socket.on('close', () => finish(true))
  })
}
