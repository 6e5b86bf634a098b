"use strict";
/**
 * The runtime configuration of the web app, set by `/app-config.js` before the bundle runs:
 * `window.__TCK_CONFIG__ = {...}`. One bundle serves every deployment; only this script differs
 * (generated per request by the real-mode server, written as a static file by the mock build).
 */
var __extends = (this && this.__extends) || (function () {
    var extendStatics = function (d, b) {
        extendStatics = Object.setPrototypeOf ||
            ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
            function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };
        return extendStatics(d, b);
    };
    return function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppConfigError = void 0;
exports.appConfigScript = appConfigScript;
exports.resolveAppConfig = resolveAppConfig;
/**
 * The JavaScript text of `/app-config.js` for `config`. Safe to inline in a `<script>` element too:
 * `<` is escaped (so no `</script>` or `<!--` can appear) and so are U+2028/U+2029.
 */
function appConfigScript(config) {
    var json = JSON.stringify(config)
        .replace(/</g, '\\u003c')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
    return "window.__TCK_CONFIG__ = ".concat(json, ";\n");
}
/** Thrown when `window.__TCK_CONFIG__` is missing or invalid; the app shows the message. */
var AppConfigError = /** @class */ (function (_super) {
    __extends(AppConfigError, _super);
    function AppConfigError() {
        var _this = _super !== null && _super.apply(this, arguments) || this;
        _this.name = 'AppConfigError';
        return _this;
    }
    return AppConfigError;
}(Error));
exports.AppConfigError = AppConfigError;
/**
 * Validates `raw` (normally `window.__TCK_CONFIG__`) and fills in defaults; an empty `apiBaseUrl`
 * becomes `origin`. @throws AppConfigError with a message fit for the page.
 */
function resolveAppConfig(raw, origin) {
    var _a;
    if (typeof raw !== 'object' || raw === null) {
        throw new AppConfigError('The app configuration is missing: /app-config.js must set window.__TCK_CONFIG__ before the app loads.');
    }
    var config = raw;
    if (config.mode !== 'real' && config.mode !== 'mock')
        throw new AppConfigError('App configuration: mode must be "real" or "mock".');
    if (typeof config.apiBaseUrl !== 'string')
        throw new AppConfigError('App configuration: apiBaseUrl must be a string.');
    var margin = (_a = config.refreshMarginSeconds) !== null && _a !== void 0 ? _a : 60;
    if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
        throw new AppConfigError('App configuration: refreshMarginSeconds must be a number of seconds (0 or more).');
    }
    return {
        mode: config.mode,
        apiBaseUrl: (config.apiBaseUrl.trim() || origin).replace(/\/+$/, ''),
        refreshMarginSeconds: margin,
        logRequests: config.logRequests === true,
    };
}
