"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `npm run build` (also `prepack`): the package's dist/, a mirror of the source tree.
 *
 *   1. tsc -p tsconfig.build.json: ESM .js + .d.ts of what the entry points and the check files reach
 *   2. the files read at run time beside a module (`new URL('./…', import.meta.url)`): the contract,
 *      the SQL migrations, msw's worker script for `tasks-tck/msw/mockServiceWorker.js`
 *   3. the web app's two bundles (esbuild, minified) in dist/web/app/prebuilt/{real,mock}, so the
 *      installed `tck start` / `tck web` need neither esbuild nor React; without their source maps
 *      (8 MB of React and MSW source, for a clone's debugging)
 *   4. audits: nothing from tests/ was compiled in, and every `new URL('./…', import.meta.url)` in
 *      dist/ names a file or folder that is there.
 */
var node_child_process_1 = require("node:child_process");
var node_fs_1 = require("node:fs");
var node_module_1 = require("node:module");
var node_path_1 = require("node:path");
var build_web_app_ts_1 = require("../web/app/build-web-app.ts");
var ROOT = (0, node_path_1.resolve)(import.meta.dirname, '..');
var DIST = (0, node_path_1.join)(ROOT, 'dist');
var require = (0, node_module_1.createRequire)(import.meta.url);
/** Source file or folder → its place under dist/ (same relative path unless given). */
var ASSETS = [
    ['contracts/task-api.yaml'],
    ['reference-server/db/migrations'],
    [require.resolve('msw/mockServiceWorker.js'), 'mocks/msw/mockServiceWorker.js'],
];
var started = Date.now();
var step = function (what) { return console.log("build: ".concat(what, " (").concat(((Date.now() - started) / 1000).toFixed(1), " s)")); };
(0, node_fs_1.rmSync)(DIST, { recursive: true, force: true });
(0, node_child_process_1.execFileSync)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', (0, node_path_1.join)(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
step('compiled');
for (var _i = 0, ASSETS_1 = ASSETS; _i < ASSETS_1.length; _i++) {
    var _a = ASSETS_1[_i], from = _a[0], to = _a[1];
    (0, node_fs_1.cpSync)((0, node_path_1.resolve)(ROOT, from), (0, node_path_1.join)(DIST, to !== null && to !== void 0 ? to : from), { recursive: true });
}
var files = function (dir) { return (0, node_fs_1.readdirSync)(dir, { withFileTypes: true }).flatMap(function (e) { return (e.isDirectory() ? files((0, node_path_1.join)(dir, e.name)) : [(0, node_path_1.join)(dir, e.name)]); }); };
for (var _b = 0, _c = ['real', 'mock']; _b < _c.length; _b++) {
    var mode = _c[_b];
    await (0, build_web_app_ts_1.buildWebApp)({ outDir: (0, node_path_1.join)(DIST, 'web/app/prebuilt', mode), mode: mode, minify: true });
}
for (var _d = 0, _e = files((0, node_path_1.join)(DIST, 'web/app/prebuilt')); _d < _e.length; _d++) {
    var file = _e[_d];
    if (file.endsWith('.map'))
        (0, node_fs_1.rmSync)(file);
    else if (file.endsWith('.js'))
        (0, node_fs_1.writeFileSync)(file, (0, node_fs_1.readFileSync)(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}
step('assets and web app bundles');
var problems = [];
if ((0, node_fs_1.existsSync)((0, node_path_1.join)(DIST, 'tests')))
    problems.push('dist/tests/ exists: product code imports from tests/ (move that module out of tests/)');
for (var _f = 0, _g = files(DIST).filter(function (f) { return f.endsWith('.js') && !f.includes('/prebuilt/'); }); _f < _g.length; _f++) {
    var file = _g[_f];
    for (var _h = 0, _j = (0, node_fs_1.readFileSync)(file, 'utf8').matchAll(/new URL\(['"](\.{1,2}\/[^'"]*)['"], import\.meta\.url\)/g); _h < _j.length; _h++) {
        var _k = _j[_h], path = _k[1];
        if (!(0, node_fs_1.existsSync)((0, node_path_1.resolve)((0, node_path_1.dirname)(file), path)))
            problems.push("".concat((0, node_path_1.relative)(ROOT, file), " reads ").concat(path, ", which is not in dist/ (add it to ASSETS in scripts/build.ts)"));
    }
}
if (problems.length > 0) {
    console.error("build: dist/ is incomplete:\n".concat(problems.map(function (p) { return "  - ".concat(p); }).join('\n')));
    process.exit(1);
}
step("dist/ ready: ".concat(files(DIST).length, " files"));
