import { relative } from 'node:path'
import { CONTRACT_PATH } from '../../contracts/load-contract.ts'
import { formatPreferExamples, listPreferExamples } from './prefer-examples.ts'
import { prismVersion } from './prism-bin.ts'

/**
 * What `tck mock --engine prism` prints once Prism listens: the URL, curl lines, and every named
 * example `Prefer` can select (read from the contract, so the list cannot drift from it).
 * @param mode e.g. `static examples` or `dynamic, seed 42`.
 */
export function mockBanner(url: string, mode: string): string {
  const tasks = `${url}/api/user_alice/tasks`
  return (
    `Prism ${prismVersion()} mock (${mode}) listening on ${url}\n` +
    `Contract: ${relative(process.cwd(), CONTRACT_PATH)}\n\n` +
    `Task operations need "Authorization: Bearer <any value>" (Prism checks the scheme, not the token):\n` +
    `  curl -H 'Authorization: Bearer dev' ${tasks}\n` +
    `  curl -H 'Authorization: Bearer dev' -H 'Prefer: example=emptyList' ${tasks}\n` +
    `  curl -H 'Authorization: Bearer dev' -H 'Prefer: code=401, example=expiredToken' ${tasks}\n\n` +
    `"Prefer: code=<status>" answers that documented status; "Prefer: example=<name>" picks a named\n` +
    `example of the chosen status (the success one unless code= says otherwise). Named examples:\n` +
    `${formatPreferExamples(listPreferExamples())}\n`
  )
}

/** What `tck proxy` prints once Prism listens in front of `target`. */
export function proxyBanner(url: string, target: string, errors: boolean): string {
  return (
    `Prism ${prismVersion()} validation proxy listening on ${url} -> ${target}\n` +
    `Contract: ${relative(process.cwd(), CONTRACT_PATH)}${errors ? ' (--errors: violations become error responses)' : ''}\n\n` +
    `  curl -i -H 'Authorization: Bearer <token>' ${url}/api/user_alice/tasks\n\n` +
    `Violations are logged below and sent back in the sl-violations response header.\n`
  )
}
