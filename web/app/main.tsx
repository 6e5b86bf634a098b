/**
 * Entry of the web app bundle. Reads `window.__TCK_CONFIG__` (set by /app-config.js), starts the
 * MSW worker first in mock mode (so even the first `get-session` is mocked), then renders.
 */
import { createRoot } from 'react-dom/client'
import { AppConfigError, resolveAppConfig } from './app-config.ts'
import { App } from './app.tsx'
import { createAppAuthClient } from './auth-client.ts'

/** `true` only in the mock build (esbuild `define`): the real build drops the mock import entirely. */
declare const __TCK_MOCK_BUILD__: boolean

async function boot(root: HTMLElement): Promise<void> {
  const config = resolveAppConfig(window.__TCK_CONFIG__, location.origin)
  if (config.mode === 'mock') {
    // A constant `if`, so the real build drops the branch and its import.
    if (__TCK_MOCK_BUILD__) {
      const { startMockWorker } = await import('./mock/start-mock-worker.ts')
      await startMockWorker()
    } else {
      throw new AppConfigError('This is the real build; mock mode needs the mock build (tck web --mock).')
    }
  }
  createRoot(root).render(<App authClient={createAppAuthClient(location.origin)} config={config} />)
}

const root = document.getElementById('root')
if (root) {
  boot(root).catch((error: unknown) => {
    // Configuration problems are explained; anything else gets a neutral text (details in the console).
    const message = error instanceof AppConfigError ? error.message : 'The app could not start. Please reload the page.'
    const alert = document.createElement('p')
    alert.setAttribute('role', 'alert')
    alert.className = 'alert'
    alert.textContent = message
    root.replaceChildren(alert)
    console.error(error)
  })
}
