"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EXCLUDED_MOCK_IMPORT = void 0;
exports.excludeMockCode = excludeMockCode;
/** What the mock import becomes in a real build; a test checks that it never reaches the output. */
exports.EXCLUDED_MOCK_IMPORT = 'tck-mock-code-is-not-in-the-real-build';
/**
 * For the real build: marks `./mock/start-mock-worker.ts` external under a placeholder name.
 * esbuild drops the dead `if (__TCK_MOCK_BUILD__)` branch from the output but still resolves its
 * import; resolving it for real would pull MSW, the simulated issuer and Node-only modules into the
 * build graph (and emit them as a chunk).
 */
function excludeMockCode() {
    return {
        name: 'tck-exclude-mock-code',
        setup: function (b) {
            b.onResolve({ filter: /[\\/]mock[\\/]start-mock-worker\.ts$/ }, function () { return ({ path: exports.EXCLUDED_MOCK_IMPORT, external: true }); });
        },
    };
}
