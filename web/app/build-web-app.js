"use strict";
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
var __generator = (this && this.__generator) || function (thisArg, body) {
    var _ = { label: 0, sent: function() { if (t[0] & 1) throw t[1]; return t[1]; }, trys: [], ops: [] }, f, y, t, g = Object.create((typeof Iterator === "function" ? Iterator : Object).prototype);
    return g.next = verb(0), g["throw"] = verb(1), g["return"] = verb(2), typeof Symbol === "function" && (g[Symbol.iterator] = function() { return this; }), g;
    function verb(n) { return function (v) { return step([n, v]); }; }
    function step(op) {
        if (f) throw new TypeError("Generator is already executing.");
        while (g && (g = 0, op[0] && (_ = 0)), _) try {
            if (f = 1, y && (t = op[0] & 2 ? y["return"] : op[0] ? y["throw"] || ((t = y["return"]) && t.call(y), 0) : y.next) && !(t = t.call(y, op[1])).done) return t;
            if (y = 0, t) op = [op[0] & 2, t.value];
            switch (op[0]) {
                case 0: case 1: t = op; break;
                case 4: _.label++; return { value: op[1], done: false };
                case 5: _.label++; y = op[1]; op = [0]; continue;
                case 7: op = _.ops.pop(); _.trys.pop(); continue;
                default:
                    if (!(t = _.trys, t = t.length > 0 && t[t.length - 1]) && (op[0] === 6 || op[0] === 2)) { _ = 0; continue; }
                    if (op[0] === 3 && (!t || (op[1] > t[0] && op[1] < t[3]))) { _.label = op[1]; break; }
                    if (op[0] === 6 && _.label < t[1]) { _.label = t[1]; t = op; break; }
                    if (t && _.label < t[2]) { _.label = t[2]; _.ops.push(op); break; }
                    if (t[2]) _.ops.pop();
                    _.trys.pop(); continue;
            }
            op = body.call(thisArg, _);
        } catch (e) { op = [6, e]; y = 0; } finally { f = t = 0; }
        if (op[0] & 5) throw op[1]; return { value: op[0] ? op[1] : void 0, done: true };
    }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.MOCK_APP_CONFIG = exports.DEFAULT_WEB_OUT_DIR = void 0;
exports.buildWebApp = buildWebApp;
/**
 * Builds the web app (web/app/main.tsx) into a folder of static files with esbuild:
 *
 *   index.html                 loads /app-config.js, then /assets/main.js
 *   assets/main.js (+ chunks)  ESM with code splitting, linked source maps
 *   app-config.js              mock mode only (the real-mode server generates it per request)
 *   mockServiceWorker.js       mock mode only, msw's own worker script (matches the installed msw)
 *
 * The mode is decided at BUILD time for the mock code: `__TCK_MOCK_BUILD__` is defined as a
 * constant, so in a real build esbuild drops the branch that imports the mock (MSW, the simulated
 * issuer, the contract) and none of it is emitted. The mock build needs no plugin: its mock is
 * `tasks-tck/msw/browser` (mocks/msw/browser.ts), which bundles as is.
 */
var esbuild_1 = require("esbuild");
var promises_1 = require("node:fs/promises");
var node_module_1 = require("node:module");
var node_path_1 = require("node:path");
var app_config_ts_1 = require("./app-config.ts");
var exclude_mock_code_ts_1 = require("./build/exclude-mock-code.ts");
var HERE = import.meta.dirname;
var ROOT = (0, node_path_1.resolve)(HERE, '../..');
/** Where `buildWebApp` writes by default, per mode (under the gitignored `.tck/`). */
exports.DEFAULT_WEB_OUT_DIR = Object.freeze({
    real: (0, node_path_1.join)(ROOT, '.tck', 'web-app', 'real'),
    mock: (0, node_path_1.join)(ROOT, '.tck', 'web-app', 'mock'),
});
/** The configuration the mock build writes as its static `app-config.js`. */
exports.MOCK_APP_CONFIG = { mode: 'mock', apiBaseUrl: '', logRequests: true };
/**
 * Builds the app for `mode` into `outDir` and returns its absolute path. Serve the folder at the
 * ROOT of an origin with a SPA fallback (paths like `/tasks/42` answer index.html), plus
 * `/app-config.js` in real mode.
 */
function buildWebApp(options) {
    return __awaiter(this, void 0, void 0, function () {
        var out, mock, assets, require;
        var _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    out = (0, node_path_1.resolve)(options.outDir);
                    mock = options.mode === 'mock';
                    assets = (0, node_path_1.join)(out, 'assets');
                    // Chunk names carry hashes: without this, every build would leave the previous chunks behind.
                    return [4 /*yield*/, (0, promises_1.rm)(assets, { recursive: true, force: true })];
                case 1:
                    // Chunk names carry hashes: without this, every build would leave the previous chunks behind.
                    _b.sent();
                    return [4 /*yield*/, (0, promises_1.mkdir)(assets, { recursive: true })];
                case 2:
                    _b.sent();
                    return [4 /*yield*/, (0, esbuild_1.build)({
                            entryPoints: { main: (0, node_path_1.join)(HERE, 'main.tsx') },
                            outdir: assets,
                            bundle: true,
                            splitting: true,
                            format: 'esm',
                            platform: 'browser',
                            target: ['es2022', 'chrome120', 'firefox120', 'safari16'],
                            jsx: 'automatic',
                            sourcemap: 'linked',
                            minify: (_a = options.minify) !== null && _a !== void 0 ? _a : false,
                            chunkNames: '[name]-[hash]',
                            define: {
                                __TCK_MOCK_BUILD__: String(mock),
                                // React picks its development or production build from this.
                                'process.env.NODE_ENV': JSON.stringify(options.minify ? 'production' : 'development'),
                            },
                            tsconfig: (0, node_path_1.join)(ROOT, 'tsconfig.json'),
                            logLevel: 'silent',
                            legalComments: 'none',
                            // The mock code is the package's browser entry, free of Node built-ins: no plugin needed. The
                            // real build keeps it out of its graph altogether; there, as anywhere, a `node:` import fails the build.
                            plugins: mock ? [] : [(0, exclude_mock_code_ts_1.excludeMockCode)()],
                        })];
                case 3:
                    _b.sent();
                    return [4 /*yield*/, (0, promises_1.copyFile)((0, node_path_1.join)(HERE, 'index.html'), (0, node_path_1.join)(out, 'index.html'))];
                case 4:
                    _b.sent();
                    if (!mock) return [3 /*break*/, 7];
                    return [4 /*yield*/, (0, promises_1.writeFile)((0, node_path_1.join)(out, 'app-config.js'), (0, app_config_ts_1.appConfigScript)(exports.MOCK_APP_CONFIG))];
                case 5:
                    _b.sent();
                    require = (0, node_module_1.createRequire)(import.meta.url);
                    return [4 /*yield*/, (0, promises_1.copyFile)(require.resolve('msw/mockServiceWorker.js'), (0, node_path_1.join)(out, 'mockServiceWorker.js'))];
                case 6:
                    _b.sent();
                    _b.label = 7;
                case 7: return [2 /*return*/, out];
            }
        });
    });
}
