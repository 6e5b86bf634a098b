import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeProtectedHeader } from 'jose'
import { createIssuer, KeyStore } from '../../mocks/issuer/index.ts'
import { strictVerify } from './strict-verify.ts'

let stateDir: string
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'tck-issuer-'))
})
afterEach(() => {
  rmSync(stateDir, { recursive: true, force: true })
})

/** A settable clock in epoch milliseconds. */
function fakeClock(start = Date.now()) {
  let t = start
  return {
    now: () => t,
    advance: (seconds: number) => {
      t += seconds * 1000
    },
  }
}

describe('key persistence', () => {
  it('keeps the kid across reopen, so tokens of the first issuer still verify', async () => {
    const first = await createIssuer({ stateDir })
    const token = await first.mint({ sub: 'user_alice' })
    const second = await createIssuer({ stateDir })
    expect(second.currentKid).toBe(first.currentKid)
    await expect(strictVerify(second, token)).resolves.toBeDefined()
  })

  it('writes keys.json readable by the owner only', async () => {
    await createIssuer({ stateDir: join(stateDir, 'nested', 'dir') })
    const file = join(stateDir, 'nested', 'dir', 'keys.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { keys: { privateJwk: { d?: string } }[] }
    expect(stored.keys).toHaveLength(1)
    expect(stored.keys[0]!.privateJwk.d).toEqual(expect.any(String))
  })

  it('keeps keys in memory when no stateDir is given', async () => {
    const a = await createIssuer()
    const b = await createIssuer()
    expect(a.currentKid).not.toBe(b.currentKid)
  })

  it('rotates in a key of the requested algorithm when the persisted one differs', async () => {
    const eddsa = await createIssuer({ stateDir })
    const es256 = await createIssuer({ stateDir, alg: 'ES256' })
    expect(es256.alg).toBe('ES256')
    expect(es256.jwks().keys.map((k) => k.kid)).toEqual([eddsa.currentKid, es256.currentKid])
    expect((await createIssuer({ stateDir })).alg).toBe('ES256')
  })

  it('refuses a corrupt key file without quoting it', async () => {
    writeFileSync(join(stateDir, 'keys.json'), '{"keys": [{"d": "SECRET-MATERIAL"')
    const error = await KeyStore.open({ stateDir }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/Invalid key file/)
    expect((error as Error).message).not.toContain('SECRET')
  })
})

describe('rotation', () => {
  it('keeps the retired key in the JWKS for the grace period and drops it afterwards', async () => {
    const clock = fakeClock()
    const issuer = await createIssuer({ graceSeconds: 900, now: clock.now })
    const oldToken = await issuer.mint()
    const { kid, previousKid } = await issuer.rotate()
    expect(kid).not.toBe(previousKid)
    expect(issuer.currentKid).toBe(kid)
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([previousKid, kid])
    await expect(strictVerify(issuer, oldToken, { currentDate: new Date(clock.now()) })).resolves.toBeDefined()

    clock.advance(899)
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([previousKid, kid])
    clock.advance(1)
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([kid])
    await expect(strictVerify(issuer, oldToken, { currentDate: new Date(clock.now()) })).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    })
  })

  it('signs new tokens with the new kid', async () => {
    const issuer = await createIssuer()
    const { kid } = await issuer.rotate()
    const token = await issuer.mint()
    expect(decodeProtectedHeader(token).kid).toBe(kid)
    await expect(strictVerify(issuer, token)).resolves.toBeDefined()
  })

  it('persists the rotated key set across reopen', async () => {
    const clock = fakeClock()
    const first = await createIssuer({ stateDir, now: clock.now })
    const { kid, previousKid } = await first.rotate()
    const reopened = await createIssuer({ stateDir, now: clock.now })
    expect(reopened.currentKid).toBe(kid)
    expect(reopened.jwks().keys.map((k) => k.kid)).toEqual([previousKid, kid])
    clock.advance(901)
    const later = await createIssuer({ stateDir, now: clock.now })
    expect(later.jwks().keys.map((k) => k.kid)).toEqual([kid])
  })
})
