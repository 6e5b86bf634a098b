import { existsSync } from 'node:fs'
import { cp } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where `npm run build` puts the web app's two bundles (`real/`, `mock/`), beside this module: only
 * the installed package has them (dist/web/app/prebuilt), so it needs neither esbuild nor React.
 */
export const PREBUILT_WEB_APP_DIR = fileURLToPath(new URL('./prebuilt/', import.meta.url))

/** Options of {@link webAppFiles}. */
export interface WebAppFilesOptions {
  mode: 'real' | 'mock'
  /** Where to build (or copy the prebuilt bundle to). Default: the prebuilt folder itself, else `.tck/web-app/<mode>` of the clone. */
  outDir?: string
  /** Minify a fresh build (the prebuilt bundles are minified). Default false. */
  minify?: boolean
}

/**
 * The folder of static files of the web app in `mode`: the package's prebuilt bundle when there
 * is one (copied to `outDir` when given), else a fresh esbuild build from the source (a clone).
 * @returns the folder and whether it came prebuilt.
 * @throws Error when compiled (installed) and the prebuilt bundle is missing: only a clone can build it.
 */
export async function webAppFiles(options: WebAppFilesOptions): Promise<{ dir: string; prebuilt: boolean }> {
  const prebuilt = join(PREBUILT_WEB_APP_DIR, options.mode)
  if (existsSync(join(prebuilt, 'index.html'))) {
    if (options.outDir === undefined) return { dir: prebuilt, prebuilt: true }
    const dir = resolve(options.outDir)
    await cp(prebuilt, dir, { recursive: true, force: true })
    return { dir, prebuilt: true }
  }
  // Compiled (the installed package, or a clone's dist/), this module has no React source beside it
  // and esbuild is a devDependency: the builder could only fail with "Cannot find package 'esbuild'".
  if (!import.meta.url.endsWith('.ts')) {
    throw new Error(`the prebuilt web app is missing from this installation of tasks-tck (no ${join(prebuilt, 'index.html')}); reinstall the package`)
  }
  // Imported only here: the builder needs esbuild and the React source, which only a clone has.
  const { buildWebApp, DEFAULT_WEB_OUT_DIR } = await import('./build-web-app.ts')
  const dir = await buildWebApp({
    outDir: options.outDir ?? DEFAULT_WEB_OUT_DIR[options.mode],
    mode: options.mode,
    ...(options.minify !== undefined && { minify: options.minify }),
  })
  return { dir, prebuilt: false }
}
