/** @type {import('next').NextConfig} */
const nextConfig = {
  // Inlined into the client code at build time, also when unset ('0'): the real build's
  // `'0' === '1'` is then a constant, and the mock (msw, the contract, the issuer) is left out.
  env: { NEXT_PUBLIC_API_MOCK: process.env.NEXT_PUBLIC_API_MOCK === '1' ? '1' : '0' },
  // PGlite loads its WebAssembly and data files next to its own module: keep it (and pg) out of the server bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  poweredByHeader: false,
  // `next dev` would otherwise write AGENTS.md into the app.
  agentRules: false,
  experimental: { agentUpgrade: false },
}

export default nextConfig
