import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  require_semver
} from "./chunk-WGHDWEKG.js";
import {
  ConfigurationError
} from "./chunk-62BAO2SJ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-3E44LLBY.js";

// node_modules/.pnpm/tunnel@0.0.6/node_modules/tunnel/lib/tunnel.js
var require_tunnel = __commonJS({
  "node_modules/.pnpm/tunnel@0.0.6/node_modules/tunnel/lib/tunnel.js"(exports) {
    "use strict";
    var net = __require("net");
    var tls = __require("tls");
    var http2 = __require("http");
    var https2 = __require("https");
    var events = __require("events");
    var assert = __require("assert");
    var util = __require("util");
    exports.httpOverHttp = httpOverHttp2;
    exports.httpsOverHttp = httpsOverHttp2;
    exports.httpOverHttps = httpOverHttps2;
    exports.httpsOverHttps = httpsOverHttps2;
    function httpOverHttp2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = http2.request;
      return agent;
    }
    function httpsOverHttp2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = http2.request;
      agent.createSocket = createSecureSocket;
      agent.defaultPort = 443;
      return agent;
    }
    function httpOverHttps2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = https2.request;
      return agent;
    }
    function httpsOverHttps2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = https2.request;
      agent.createSocket = createSecureSocket;
      agent.defaultPort = 443;
      return agent;
    }
    function TunnelingAgent(options) {
      var self = this;
      self.options = options || {};
      self.proxyOptions = self.options.proxy || {};
      self.maxSockets = self.options.maxSockets || http2.Agent.defaultMaxSockets;
      self.requests = [];
      self.sockets = [];
      self.on("free", function onFree(socket, host, port, localAddress) {
        var options2 = toOptions(host, port, localAddress);
        for (var i = 0, len = self.requests.length; i < len; ++i) {
          var pending = self.requests[i];
          if (pending.host === options2.host && pending.port === options2.port) {
            self.requests.splice(i, 1);
            pending.request.onSocket(socket);
            return;
          }
        }
        socket.destroy();
        self.removeSocket(socket);
      });
    }
    util.inherits(TunnelingAgent, events.EventEmitter);
    TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
      var self = this;
      var options = mergeOptions({ request: req }, self.options, toOptions(host, port, localAddress));
      if (self.sockets.length >= this.maxSockets) {
        self.requests.push(options);
        return;
      }
      self.createSocket(options, function(socket) {
        socket.on("free", onFree);
        socket.on("close", onCloseOrRemove);
        socket.on("agentRemove", onCloseOrRemove);
        req.onSocket(socket);
        function onFree() {
          self.emit("free", socket, options);
        }
        function onCloseOrRemove(err) {
          self.removeSocket(socket);
          socket.removeListener("free", onFree);
          socket.removeListener("close", onCloseOrRemove);
          socket.removeListener("agentRemove", onCloseOrRemove);
        }
      });
    };
    TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
      var self = this;
      var placeholder = {};
      self.sockets.push(placeholder);
      var connectOptions = mergeOptions({}, self.proxyOptions, {
        method: "CONNECT",
        path: options.host + ":" + options.port,
        agent: false,
        headers: {
          host: options.host + ":" + options.port
        }
      });
      if (options.localAddress) {
        connectOptions.localAddress = options.localAddress;
      }
      if (connectOptions.proxyAuth) {
        connectOptions.headers = connectOptions.headers || {};
        connectOptions.headers["Proxy-Authorization"] = "Basic " + new Buffer(connectOptions.proxyAuth).toString("base64");
      }
      debug2("making CONNECT request");
      var connectReq = self.request(connectOptions);
      connectReq.useChunkedEncodingByDefault = false;
      connectReq.once("response", onResponse);
      connectReq.once("upgrade", onUpgrade);
      connectReq.once("connect", onConnect);
      connectReq.once("error", onError);
      connectReq.end();
      function onResponse(res) {
        res.upgrade = true;
      }
      function onUpgrade(res, socket, head) {
        process.nextTick(function() {
          onConnect(res, socket, head);
        });
      }
      function onConnect(res, socket, head) {
        connectReq.removeAllListeners();
        socket.removeAllListeners();
        if (res.statusCode !== 200) {
          debug2(
            "tunneling socket could not be established, statusCode=%d",
            res.statusCode
          );
          socket.destroy();
          var error2 = new Error("tunneling socket could not be established, statusCode=" + res.statusCode);
          error2.code = "ECONNRESET";
          options.request.emit("error", error2);
          self.removeSocket(placeholder);
          return;
        }
        if (head.length > 0) {
          debug2("got illegal response body from proxy");
          socket.destroy();
          var error2 = new Error("got illegal response body from proxy");
          error2.code = "ECONNRESET";
          options.request.emit("error", error2);
          self.removeSocket(placeholder);
          return;
        }
        debug2("tunneling connection has established");
        self.sockets[self.sockets.indexOf(placeholder)] = socket;
        return cb(socket);
      }
      function onError(cause) {
        connectReq.removeAllListeners();
        debug2(
          "tunneling socket could not be established, cause=%s\n",
          cause.message,
          cause.stack
        );
        var error2 = new Error("tunneling socket could not be established, cause=" + cause.message);
        error2.code = "ECONNRESET";
        options.request.emit("error", error2);
        self.removeSocket(placeholder);
      }
    };
    TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
      var pos = this.sockets.indexOf(socket);
      if (pos === -1) {
        return;
      }
      this.sockets.splice(pos, 1);
      var pending = this.requests.shift();
      if (pending) {
        this.createSocket(pending, function(socket2) {
          pending.request.onSocket(socket2);
        });
      }
    };
    function createSecureSocket(options, cb) {
      var self = this;
      TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
        var hostHeader = options.request.getHeader("host");
        var tlsOptions = mergeOptions({}, self.options, {
          socket,
          servername: hostHeader ? hostHeader.replace(/:.*$/, "") : options.host
        });
        var secureSocket = tls.connect(0, tlsOptions);
        self.sockets[self.sockets.indexOf(socket)] = secureSocket;
        cb(secureSocket);
      });
    }
    function toOptions(host, port, localAddress) {
      if (typeof host === "string") {
        return {
          host,
          port,
          localAddress
        };
      }
      return host;
    }
    function mergeOptions(target) {
      for (var i = 1, len = arguments.length; i < len; ++i) {
        var overrides = arguments[i];
        if (typeof overrides === "object") {
          var keys = Object.keys(overrides);
          for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
            var k = keys[j];
            if (overrides[k] !== void 0) {
              target[k] = overrides[k];
            }
          }
        }
      }
      return target;
    }
    var debug2;
    if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
      debug2 = function() {
        var args = Array.prototype.slice.call(arguments);
        if (typeof args[0] === "string") {
          args[0] = "TUNNEL: " + args[0];
        } else {
          args.unshift("TUNNEL:");
        }
        console.error.apply(console, args);
      };
    } else {
      debug2 = function() {
      };
    }
    exports.debug = debug2;
  }
});

// node_modules/.pnpm/tunnel@0.0.6/node_modules/tunnel/index.js
var require_tunnel2 = __commonJS({
  "node_modules/.pnpm/tunnel@0.0.6/node_modules/tunnel/index.js"(exports, module) {
    module.exports = require_tunnel();
  }
});

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = "") {
  issueCommand(name, {}, message);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/core.js
import * as os4 from "os";

// node_modules/.pnpm/@actions+http-client@4.0.1/node_modules/@actions/http-client/lib/index.js
import * as http from "http";
import * as https from "https";

// node_modules/.pnpm/@actions+http-client@4.0.1/node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
  const usingSsl = reqUrl.protocol === "https:";
  if (checkBypass(reqUrl)) {
    return void 0;
  }
  const proxyVar = (() => {
    if (usingSsl) {
      return process.env["https_proxy"] || process.env["HTTPS_PROXY"];
    } else {
      return process.env["http_proxy"] || process.env["HTTP_PROXY"];
    }
  })();
  if (proxyVar) {
    try {
      return new DecodedURL(proxyVar);
    } catch (_a) {
      if (!proxyVar.startsWith("http://") && !proxyVar.startsWith("https://"))
        return new DecodedURL(`http://${proxyVar}`);
    }
  } else {
    return void 0;
  }
}
function checkBypass(reqUrl) {
  if (!reqUrl.hostname) {
    return false;
  }
  const reqHost = reqUrl.hostname;
  if (isLoopbackAddress(reqHost)) {
    return true;
  }
  const noProxy = process.env["no_proxy"] || process.env["NO_PROXY"] || "";
  if (!noProxy) {
    return false;
  }
  let reqPort;
  if (reqUrl.port) {
    reqPort = Number(reqUrl.port);
  } else if (reqUrl.protocol === "http:") {
    reqPort = 80;
  } else if (reqUrl.protocol === "https:") {
    reqPort = 443;
  }
  const upperReqHosts = [reqUrl.hostname.toUpperCase()];
  if (typeof reqPort === "number") {
    upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
  }
  for (const upperNoProxyItem of noProxy.split(",").map((x) => x.trim().toUpperCase()).filter((x) => x)) {
    if (upperNoProxyItem === "*" || upperReqHosts.some((x) => x === upperNoProxyItem || x.endsWith(`.${upperNoProxyItem}`) || upperNoProxyItem.startsWith(".") && x.endsWith(`${upperNoProxyItem}`))) {
      return true;
    }
  }
  return false;
}
function isLoopbackAddress(host) {
  const hostLower = host.toLowerCase();
  return hostLower === "localhost" || hostLower.startsWith("127.") || hostLower.startsWith("[::1]") || hostLower.startsWith("[0:0:0:0:0:0:0:1]");
}
var DecodedURL = class extends URL {
  constructor(url, base) {
    super(url, base);
    this._decodedUsername = decodeURIComponent(super.username);
    this._decodedPassword = decodeURIComponent(super.password);
  }
  get username() {
    return this._decodedUsername;
  }
  get password() {
    return this._decodedPassword;
  }
};

// node_modules/.pnpm/@actions+http-client@4.0.1/node_modules/@actions/http-client/lib/index.js
var tunnel = __toESM(require_tunnel2(), 1);

// scripts/shims/undici.ts
var ProxyAgent = class {
  constructor() {
    throw new Error("undici is not bundled into this action: it makes no fetch-based GitHub API calls");
  }
};

// node_modules/.pnpm/@actions+http-client@4.0.1/node_modules/@actions/http-client/lib/index.js
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var HttpCodes;
(function(HttpCodes2) {
  HttpCodes2[HttpCodes2["OK"] = 200] = "OK";
  HttpCodes2[HttpCodes2["MultipleChoices"] = 300] = "MultipleChoices";
  HttpCodes2[HttpCodes2["MovedPermanently"] = 301] = "MovedPermanently";
  HttpCodes2[HttpCodes2["ResourceMoved"] = 302] = "ResourceMoved";
  HttpCodes2[HttpCodes2["SeeOther"] = 303] = "SeeOther";
  HttpCodes2[HttpCodes2["NotModified"] = 304] = "NotModified";
  HttpCodes2[HttpCodes2["UseProxy"] = 305] = "UseProxy";
  HttpCodes2[HttpCodes2["SwitchProxy"] = 306] = "SwitchProxy";
  HttpCodes2[HttpCodes2["TemporaryRedirect"] = 307] = "TemporaryRedirect";
  HttpCodes2[HttpCodes2["PermanentRedirect"] = 308] = "PermanentRedirect";
  HttpCodes2[HttpCodes2["BadRequest"] = 400] = "BadRequest";
  HttpCodes2[HttpCodes2["Unauthorized"] = 401] = "Unauthorized";
  HttpCodes2[HttpCodes2["PaymentRequired"] = 402] = "PaymentRequired";
  HttpCodes2[HttpCodes2["Forbidden"] = 403] = "Forbidden";
  HttpCodes2[HttpCodes2["NotFound"] = 404] = "NotFound";
  HttpCodes2[HttpCodes2["MethodNotAllowed"] = 405] = "MethodNotAllowed";
  HttpCodes2[HttpCodes2["NotAcceptable"] = 406] = "NotAcceptable";
  HttpCodes2[HttpCodes2["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
  HttpCodes2[HttpCodes2["RequestTimeout"] = 408] = "RequestTimeout";
  HttpCodes2[HttpCodes2["Conflict"] = 409] = "Conflict";
  HttpCodes2[HttpCodes2["Gone"] = 410] = "Gone";
  HttpCodes2[HttpCodes2["TooManyRequests"] = 429] = "TooManyRequests";
  HttpCodes2[HttpCodes2["InternalServerError"] = 500] = "InternalServerError";
  HttpCodes2[HttpCodes2["NotImplemented"] = 501] = "NotImplemented";
  HttpCodes2[HttpCodes2["BadGateway"] = 502] = "BadGateway";
  HttpCodes2[HttpCodes2["ServiceUnavailable"] = 503] = "ServiceUnavailable";
  HttpCodes2[HttpCodes2["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function(Headers2) {
  Headers2["Accept"] = "accept";
  Headers2["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function(MediaTypes3) {
  MediaTypes3["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
var HttpRedirectCodes = [
  HttpCodes.MovedPermanently,
  HttpCodes.ResourceMoved,
  HttpCodes.SeeOther,
  HttpCodes.TemporaryRedirect,
  HttpCodes.PermanentRedirect
];
var HttpResponseRetryCodes = [
  HttpCodes.BadGateway,
  HttpCodes.ServiceUnavailable,
  HttpCodes.GatewayTimeout
];
var RetryableHttpVerbs = ["OPTIONS", "GET", "DELETE", "HEAD"];
var ExponentialBackoffCeiling = 10;
var ExponentialBackoffTimeSlice = 5;
var HttpClientError = class _HttpClientError extends Error {
  constructor(message, statusCode) {
    super(message);
    this.name = "HttpClientError";
    this.statusCode = statusCode;
    Object.setPrototypeOf(this, _HttpClientError.prototype);
  }
};
var HttpClientResponse = class {
  constructor(message) {
    this.message = message;
  }
  readBody() {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
        let output = Buffer.alloc(0);
        this.message.on("data", (chunk) => {
          output = Buffer.concat([output, chunk]);
        });
        this.message.on("end", () => {
          resolve(output.toString());
        });
      }));
    });
  }
  readBodyBuffer() {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
        const chunks = [];
        this.message.on("data", (chunk) => {
          chunks.push(chunk);
        });
        this.message.on("end", () => {
          resolve(Buffer.concat(chunks));
        });
      }));
    });
  }
};
var HttpClient = class {
  constructor(userAgent, handlers, requestOptions) {
    this._ignoreSslError = false;
    this._allowRedirects = true;
    this._allowRedirectDowngrade = false;
    this._maxRedirects = 50;
    this._allowRetries = false;
    this._maxRetries = 1;
    this._keepAlive = false;
    this._disposed = false;
    this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
    this.handlers = handlers || [];
    this.requestOptions = requestOptions;
    if (requestOptions) {
      if (requestOptions.ignoreSslError != null) {
        this._ignoreSslError = requestOptions.ignoreSslError;
      }
      this._socketTimeout = requestOptions.socketTimeout;
      if (requestOptions.allowRedirects != null) {
        this._allowRedirects = requestOptions.allowRedirects;
      }
      if (requestOptions.allowRedirectDowngrade != null) {
        this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
      }
      if (requestOptions.maxRedirects != null) {
        this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
      }
      if (requestOptions.keepAlive != null) {
        this._keepAlive = requestOptions.keepAlive;
      }
      if (requestOptions.allowRetries != null) {
        this._allowRetries = requestOptions.allowRetries;
      }
      if (requestOptions.maxRetries != null) {
        this._maxRetries = requestOptions.maxRetries;
      }
    }
  }
  options(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("OPTIONS", requestUrl, null, additionalHeaders || {});
    });
  }
  get(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("GET", requestUrl, null, additionalHeaders || {});
    });
  }
  del(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("DELETE", requestUrl, null, additionalHeaders || {});
    });
  }
  post(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("POST", requestUrl, data, additionalHeaders || {});
    });
  }
  patch(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("PATCH", requestUrl, data, additionalHeaders || {});
    });
  }
  put(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("PUT", requestUrl, data, additionalHeaders || {});
    });
  }
  head(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("HEAD", requestUrl, null, additionalHeaders || {});
    });
  }
  sendStream(verb, requestUrl, stream, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request(verb, requestUrl, stream, additionalHeaders);
    });
  }
  /**
   * Gets a typed object from an endpoint
   * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
   */
  getJson(requestUrl_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      const res = yield this.get(requestUrl, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  postJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.post(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  putJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.put(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  patchJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.patch(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  /**
   * Makes a raw http request.
   * All other methods such as get, post, patch, and request ultimately call this.
   * Prefer get, del, post and patch
   */
  request(verb, requestUrl, data, headers) {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._disposed) {
        throw new Error("Client has already been disposed.");
      }
      const parsedUrl = new URL(requestUrl);
      let info2 = this._prepareRequest(verb, parsedUrl, headers);
      const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb) ? this._maxRetries + 1 : 1;
      let numTries = 0;
      let response;
      do {
        response = yield this.requestRaw(info2, data);
        if (response && response.message && response.message.statusCode === HttpCodes.Unauthorized) {
          let authenticationHandler;
          for (const handler of this.handlers) {
            if (handler.canHandleAuthentication(response)) {
              authenticationHandler = handler;
              break;
            }
          }
          if (authenticationHandler) {
            return authenticationHandler.handleAuthentication(this, info2, data);
          } else {
            return response;
          }
        }
        let redirectsRemaining = this._maxRedirects;
        while (response.message.statusCode && HttpRedirectCodes.includes(response.message.statusCode) && this._allowRedirects && redirectsRemaining > 0) {
          const redirectUrl = response.message.headers["location"];
          if (!redirectUrl) {
            break;
          }
          const parsedRedirectUrl = new URL(redirectUrl);
          if (parsedUrl.protocol === "https:" && parsedUrl.protocol !== parsedRedirectUrl.protocol && !this._allowRedirectDowngrade) {
            throw new Error("Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.");
          }
          yield response.readBody();
          if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
            for (const header in headers) {
              if (header.toLowerCase() === "authorization") {
                delete headers[header];
              }
            }
          }
          info2 = this._prepareRequest(verb, parsedRedirectUrl, headers);
          response = yield this.requestRaw(info2, data);
          redirectsRemaining--;
        }
        if (!response.message.statusCode || !HttpResponseRetryCodes.includes(response.message.statusCode)) {
          return response;
        }
        numTries += 1;
        if (numTries < maxTries) {
          yield response.readBody();
          yield this._performExponentialBackoff(numTries);
        }
      } while (numTries < maxTries);
      return response;
    });
  }
  /**
   * Needs to be called if keepAlive is set to true in request options.
   */
  dispose() {
    if (this._agent) {
      this._agent.destroy();
    }
    this._disposed = true;
  }
  /**
   * Raw request.
   * @param info
   * @param data
   */
  requestRaw(info2, data) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve, reject) => {
        function callbackForResult(err, res) {
          if (err) {
            reject(err);
          } else if (!res) {
            reject(new Error("Unknown error"));
          } else {
            resolve(res);
          }
        }
        this.requestRawWithCallback(info2, data, callbackForResult);
      });
    });
  }
  /**
   * Raw request with callback.
   * @param info
   * @param data
   * @param onResult
   */
  requestRawWithCallback(info2, data, onResult) {
    if (typeof data === "string") {
      if (!info2.options.headers) {
        info2.options.headers = {};
      }
      info2.options.headers["Content-Length"] = Buffer.byteLength(data, "utf8");
    }
    let callbackCalled = false;
    function handleResult(err, res) {
      if (!callbackCalled) {
        callbackCalled = true;
        onResult(err, res);
      }
    }
    const req = info2.httpModule.request(info2.options, (msg) => {
      const res = new HttpClientResponse(msg);
      handleResult(void 0, res);
    });
    let socket;
    req.on("socket", (sock) => {
      socket = sock;
    });
    req.setTimeout(this._socketTimeout || 3 * 6e4, () => {
      if (socket) {
        socket.end();
      }
      handleResult(new Error(`Request timeout: ${info2.options.path}`));
    });
    req.on("error", function(err) {
      handleResult(err);
    });
    if (data && typeof data === "string") {
      req.write(data, "utf8");
    }
    if (data && typeof data !== "string") {
      data.on("close", function() {
        req.end();
      });
      data.pipe(req);
    } else {
      req.end();
    }
  }
  /**
   * Gets an http agent. This function is useful when you need an http agent that handles
   * routing through a proxy server - depending upon the url and proxy environment variables.
   * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
   */
  getAgent(serverUrl) {
    const parsedUrl = new URL(serverUrl);
    return this._getAgent(parsedUrl);
  }
  getAgentDispatcher(serverUrl) {
    const parsedUrl = new URL(serverUrl);
    const proxyUrl = getProxyUrl(parsedUrl);
    const useProxy = proxyUrl && proxyUrl.hostname;
    if (!useProxy) {
      return;
    }
    return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
  }
  _prepareRequest(method, requestUrl, headers) {
    const info2 = {};
    info2.parsedUrl = requestUrl;
    const usingSsl = info2.parsedUrl.protocol === "https:";
    info2.httpModule = usingSsl ? https : http;
    const defaultPort = usingSsl ? 443 : 80;
    info2.options = {};
    info2.options.host = info2.parsedUrl.hostname;
    info2.options.port = info2.parsedUrl.port ? parseInt(info2.parsedUrl.port) : defaultPort;
    info2.options.path = (info2.parsedUrl.pathname || "") + (info2.parsedUrl.search || "");
    info2.options.method = method;
    info2.options.headers = this._mergeHeaders(headers);
    if (this.userAgent != null) {
      info2.options.headers["user-agent"] = this.userAgent;
    }
    info2.options.agent = this._getAgent(info2.parsedUrl);
    if (this.handlers) {
      for (const handler of this.handlers) {
        handler.prepareRequest(info2.options);
      }
    }
    return info2;
  }
  _mergeHeaders(headers) {
    if (this.requestOptions && this.requestOptions.headers) {
      return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
    }
    return lowercaseKeys(headers || {});
  }
  /**
   * Gets an existing header value or returns a default.
   * Handles converting number header values to strings since HTTP headers must be strings.
   * Note: This returns string | string[] since some headers can have multiple values.
   * For headers that must always be a single string (like Content-Type), use the
   * specialized _getExistingOrDefaultContentTypeHeader method instead.
   */
  _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
    let clientHeader;
    if (this.requestOptions && this.requestOptions.headers) {
      const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
      if (headerValue) {
        clientHeader = typeof headerValue === "number" ? headerValue.toString() : headerValue;
      }
    }
    const additionalValue = additionalHeaders[header];
    if (additionalValue !== void 0) {
      return typeof additionalValue === "number" ? additionalValue.toString() : additionalValue;
    }
    if (clientHeader !== void 0) {
      return clientHeader;
    }
    return _default;
  }
  /**
   * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
   * Always returns a single string (not an array) since Content-Type should be a single value.
   * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
   * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
   * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
   */
  _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
    let clientHeader;
    if (this.requestOptions && this.requestOptions.headers) {
      const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
      if (headerValue) {
        if (typeof headerValue === "number") {
          clientHeader = String(headerValue);
        } else if (Array.isArray(headerValue)) {
          clientHeader = headerValue.join(", ");
        } else {
          clientHeader = headerValue;
        }
      }
    }
    const additionalValue = additionalHeaders[Headers.ContentType];
    if (additionalValue !== void 0) {
      if (typeof additionalValue === "number") {
        return String(additionalValue);
      } else if (Array.isArray(additionalValue)) {
        return additionalValue.join(", ");
      } else {
        return additionalValue;
      }
    }
    if (clientHeader !== void 0) {
      return clientHeader;
    }
    return _default;
  }
  _getAgent(parsedUrl) {
    let agent;
    const proxyUrl = getProxyUrl(parsedUrl);
    const useProxy = proxyUrl && proxyUrl.hostname;
    if (this._keepAlive && useProxy) {
      agent = this._proxyAgent;
    }
    if (!useProxy) {
      agent = this._agent;
    }
    if (agent) {
      return agent;
    }
    const usingSsl = parsedUrl.protocol === "https:";
    let maxSockets = 100;
    if (this.requestOptions) {
      maxSockets = this.requestOptions.maxSockets || http.globalAgent.maxSockets;
    }
    if (proxyUrl && proxyUrl.hostname) {
      const agentOptions = {
        maxSockets,
        keepAlive: this._keepAlive,
        proxy: Object.assign(Object.assign({}, (proxyUrl.username || proxyUrl.password) && {
          proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
        }), { host: proxyUrl.hostname, port: proxyUrl.port })
      };
      let tunnelAgent;
      const overHttps = proxyUrl.protocol === "https:";
      if (usingSsl) {
        tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
      } else {
        tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
      }
      agent = tunnelAgent(agentOptions);
      this._proxyAgent = agent;
    }
    if (!agent) {
      const options = { keepAlive: this._keepAlive, maxSockets };
      agent = usingSsl ? new https.Agent(options) : new http.Agent(options);
      this._agent = agent;
    }
    if (usingSsl && this._ignoreSslError) {
      agent.options = Object.assign(agent.options || {}, {
        rejectUnauthorized: false
      });
    }
    return agent;
  }
  _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
    let proxyAgent;
    if (this._keepAlive) {
      proxyAgent = this._proxyAgentDispatcher;
    }
    if (proxyAgent) {
      return proxyAgent;
    }
    const usingSsl = parsedUrl.protocol === "https:";
    proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, (proxyUrl.username || proxyUrl.password) && {
      token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString("base64")}`
    }));
    this._proxyAgentDispatcher = proxyAgent;
    if (usingSsl && this._ignoreSslError) {
      proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
        rejectUnauthorized: false
      });
    }
    return proxyAgent;
  }
  _getUserAgentWithOrchestrationId(userAgent) {
    const baseUserAgent = userAgent || "actions/http-client";
    const orchId = process.env["ACTIONS_ORCHESTRATION_ID"];
    if (orchId) {
      const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, "_");
      return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
    }
    return baseUserAgent;
  }
  _performExponentialBackoff(retryNumber) {
    return __awaiter(this, void 0, void 0, function* () {
      retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
      const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
      return new Promise((resolve) => setTimeout(() => resolve(), ms));
    });
  }
  _processResponse(res, options) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
        const statusCode = res.message.statusCode || 0;
        const response = {
          statusCode,
          result: null,
          headers: {}
        };
        if (statusCode === HttpCodes.NotFound) {
          resolve(response);
        }
        function dateTimeDeserializer(key, value) {
          if (typeof value === "string") {
            const a = new Date(value);
            if (!isNaN(a.valueOf())) {
              return a;
            }
          }
          return value;
        }
        let obj;
        let contents;
        try {
          contents = yield res.readBody();
          if (contents && contents.length > 0) {
            if (options && options.deserializeDates) {
              obj = JSON.parse(contents, dateTimeDeserializer);
            } else {
              obj = JSON.parse(contents);
            }
            response.result = obj;
          }
          response.headers = res.message.headers;
        } catch (err) {
        }
        if (statusCode > 299) {
          let msg;
          if (obj && obj.message) {
            msg = obj.message;
          } else if (contents && contents.length > 0) {
            msg = contents;
          } else {
            msg = `Failed request: (${statusCode})`;
          }
          const err = new HttpClientError(msg, statusCode);
          err.result = response.result;
          reject(err);
        } else {
          resolve(response);
        }
      }));
    });
  }
};
var lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => (c[k.toLowerCase()] = obj[k], c), {});

// node_modules/.pnpm/@actions+http-client@4.0.1/node_modules/@actions/http-client/lib/auth.js
var __awaiter2 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var BearerCredentialHandler = class {
  constructor(token) {
    this.token = token;
  }
  // currently implements pre-authorization
  // TODO: support preAuth = false where it hooks on 401
  prepareRequest(options) {
    if (!options.headers) {
      throw Error("The request has no headers");
    }
    options.headers["Authorization"] = `Bearer ${this.token}`;
  }
  // This handler cannot handle 401
  canHandleAuthentication() {
    return false;
  }
  handleAuthentication() {
    return __awaiter2(this, void 0, void 0, function* () {
      throw new Error("not implemented");
    });
  }
};

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/oidc-utils.js
var __awaiter3 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var OidcClient = class _OidcClient {
  static createHttpClient(allowRetry = true, maxRetry = 10) {
    const requestOptions = {
      allowRetries: allowRetry,
      maxRetries: maxRetry
    };
    return new HttpClient("actions/oidc-client", [new BearerCredentialHandler(_OidcClient.getRequestToken())], requestOptions);
  }
  static getRequestToken() {
    const token = process.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
    if (!token) {
      throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable");
    }
    return token;
  }
  static getIDTokenUrl() {
    const runtimeUrl = process.env["ACTIONS_ID_TOKEN_REQUEST_URL"];
    if (!runtimeUrl) {
      throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
    }
    return runtimeUrl;
  }
  static getCall(id_token_url) {
    return __awaiter3(this, void 0, void 0, function* () {
      var _a;
      const httpclient = _OidcClient.createHttpClient();
      const res = yield httpclient.getJson(id_token_url).catch((error2) => {
        throw new Error(`Failed to get ID Token. 
 
        Error Code : ${error2.statusCode}
 
        Error Message: ${error2.message}`);
      });
      const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
      if (!id_token) {
        throw new Error("Response json body do not have ID Token field");
      }
      return id_token;
    });
  }
  static getIDToken(audience) {
    return __awaiter3(this, void 0, void 0, function* () {
      try {
        let id_token_url = _OidcClient.getIDTokenUrl();
        if (audience) {
          const encodedAudience = encodeURIComponent(audience);
          id_token_url = `${id_token_url}&audience=${encodedAudience}`;
        }
        debug(`ID token url is ${id_token_url}`);
        const id_token = yield _OidcClient.getCall(id_token_url);
        setSecret(id_token);
        return id_token;
      } catch (error2) {
        throw new Error(`Error message: ${error2.message}`);
      }
    });
  }
};

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter4 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter4(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter4(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter4(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text2, addEOL = false) {
    this._buffer += text2;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text2, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text2);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text2, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text2, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text2, href) {
    const element = this.wrap("a", text2, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/platform.js
import os3 from "os";

// node_modules/.pnpm/@actions+io@3.0.2/node_modules/@actions/io/lib/io-util.js
import * as fs2 from "fs";
var { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;

// node_modules/.pnpm/@actions+exec@3.0.0/node_modules/@actions/exec/lib/toolrunner.js
var IS_WINDOWS2 = process.platform === "win32";

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/platform.js
var platform = os3.platform();
var arch = os3.arch();

// node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/core.js
var __awaiter5 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os4.EOL);
}
function startGroup(name) {
  issue("group", name);
}
function endGroup() {
  issue("endgroup");
}
function getIDToken(aud) {
  return __awaiter5(this, void 0, void 0, function* () {
    return yield OidcClient.getIDToken(aud);
  });
}

// packages/core/src/reference.ts
import { isIPv6 } from "node:net";
var DOCKER_HUB = "docker.io";
var DOCKER_HUB_ALIASES = /* @__PURE__ */ new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
var TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
var PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
var DIGEST_HEX = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/
};
var MAX_NAME_LENGTH = 255;
function invalid(input, why) {
  return new ConfigurationError(`'${input}' is not a valid image reference: ${why}`);
}
function parseTag(value) {
  if (!TAG.test(value)) {
    throw new ConfigurationError(
      `'${value}' is not a valid tag: a tag is 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'`
    );
  }
  return value;
}
function isDigest(value) {
  const [algorithm, hex, ...rest] = value.split(":");
  if (rest.length > 0 || hex === void 0) return false;
  const pattern = DIGEST_HEX[algorithm];
  return pattern?.test(hex) === true;
}
function parseDigest(value) {
  if (!isDigest(value)) {
    throw new ConfigurationError(
      `'${value}' is not a valid digest: expected sha256:<64 lowercase hex> or sha512:<128 lowercase hex>`
    );
  }
  return value;
}
function isValidHost(host) {
  const colon = host.startsWith("[") ? host.indexOf(":", host.indexOf("]")) : host.lastIndexOf(":");
  const name = colon === -1 ? host : host.slice(0, colon);
  const port = colon === -1 ? void 0 : host.slice(colon + 1);
  if (port !== void 0 && !(/^[0-9]{1,5}$/.test(port) && Number(port) <= 65535)) return false;
  if (name.startsWith("[")) return /^\[[0-9A-Fa-f:]+\]$/.test(name) && isIPv6(name.slice(1, -1));
  return name.split(".").every((part) => DOMAIN_COMPONENT.test(part));
}
function looksLikeRegistry(component) {
  return component.includes(".") || component.includes(":") || component === "localhost";
}
var ImageReference = class _ImageReference {
  /** Registry host with its port when given: `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
  registry;
  /** Repository path within the registry: `library/nginx`, `team/app`. */
  repository;
  tag;
  digest;
  constructor(registry, repository, tag, digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }
  static parse(input) {
    const text2 = input.trim();
    if (text2 === "") throw invalid(input, "it is empty");
    if (/\s/.test(text2)) throw invalid(input, "it contains white space");
    let rest = text2;
    let digest;
    const at = rest.indexOf("@");
    if (at !== -1) {
      const digestText = rest.slice(at + 1);
      if (!isDigest(digestText)) {
        throw invalid(input, `'${digestText}' is not a digest (sha256:<64 hex> or sha512:<128 hex>)`);
      }
      digest = digestText;
      rest = rest.slice(0, at);
    }
    if (!rest.includes("/") && /^(?:localhost|\[.*|[^:]*\..*)$/.test(rest.replace(/:[^:\]]*$/, ""))) {
      throw invalid(input, "it names a registry but no repository");
    }
    let tag;
    const lastSlash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    if (colon > lastSlash) {
      tag = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
      if (!TAG.test(tag)) {
        throw invalid(
          input,
          `tag '${tag}' must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`
        );
      }
    }
    const slash = rest.indexOf("/");
    let registry = DOCKER_HUB;
    let repository = rest;
    if (slash !== -1 && looksLikeRegistry(rest.slice(0, slash))) {
      registry = rest.slice(0, slash);
      repository = rest.slice(slash + 1);
      if (!isValidHost(registry)) throw invalid(input, `'${registry}' is not a valid registry host`);
    }
    if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) {
      registry = DOCKER_HUB;
      if (!repository.includes("/")) repository = `library/${repository}`;
    }
    if (repository === "") throw invalid(input, "the repository is empty");
    for (const component of repository.split("/")) {
      if (!PATH_COMPONENT.test(component)) {
        throw invalid(
          input,
          `repository component '${component}' must be lowercase letters and digits, separated by '.', '_', '__' or '-'`
        );
      }
    }
    if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) {
      throw invalid(input, `the name is longer than ${MAX_NAME_LENGTH} characters`);
    }
    return new _ImageReference(registry, repository, tag, digest);
  }
  /** Parses a repository alone (`ghcr.io/owner/app`), refusing a tag or digest. */
  static parseRepository(input) {
    const ref = _ImageReference.parse(input);
    if (ref.tag !== void 0 || ref.digest !== void 0) {
      throw new ConfigurationError(
        `'${input}' must be a repository without a tag or digest, e.g. '${ref.name}'`
      );
    }
    return ref;
  }
  /** `registry/repository`, without tag or digest. */
  get name() {
    return `${this.registry}/${this.repository}`;
  }
  withTag(tag) {
    return new _ImageReference(this.registry, this.repository, parseTag(tag), void 0);
  }
  withDigest(digest) {
    return new _ImageReference(this.registry, this.repository, void 0, parseDigest(digest));
  }
  /** Same registry (case-insensitive host) and repository; tag and digest are ignored. */
  sameRepository(other) {
    return this.registry.toLowerCase() === other.registry.toLowerCase() && this.repository === other.repository;
  }
  toString() {
    return `${this.name}${this.tag !== void 0 ? `:${this.tag}` : ""}${this.digest !== void 0 ? `@${this.digest}` : ""}`;
  }
};

// packages/core/src/registry/client.ts
import { Readable as Readable2 } from "node:stream";

// packages/core/src/registry/docker-config.ts
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
var DOCKER_HUB_KEY = "https://index.docker.io/v1/";
var DOCKER_HUB_HOSTS = /* @__PURE__ */ new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
var IDENTITY_TOKEN_USER = "<token>";
var HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
var HELPER_TIMEOUT_MS = 3e4;
function dockerConfigDir(explicit) {
  return explicit ?? process.env.DOCKER_CONFIG ?? join(homedir(), ".docker");
}
function keyHost(key) {
  const host = key.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? "";
  return host.toLowerCase();
}
function isDockerHub(host) {
  return DOCKER_HUB_HOSTS.has(host.toLowerCase());
}
function matches(key, registry) {
  const host = keyHost(key);
  return host === registry.toLowerCase() || isDockerHub(registry) && isDockerHub(host);
}
function fromEntry(entry, file, key) {
  if (entry.identitytoken) return { username: IDENTITY_TOKEN_USER, password: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon === -1) {
      throw new ConfigurationError(`${file}: the 'auth' of '${key}' is not base64 of 'user:password'`);
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username !== void 0 && entry.password !== void 0) {
    return { username: entry.username, password: entry.password };
  }
  return void 0;
}
async function credentialHelperGet(helper, serverUrl) {
  if (!HELPER_NAME.test(helper)) {
    throw new ConfigurationError(`Docker config names an invalid credential helper '${helper}'`);
  }
  const program = `docker-credential-${helper}`;
  const { code, stdout, stderr } = await new Promise(
    (resolve, reject) => {
      const child = spawn(program, ["get"], {
        stdio: ["pipe", "pipe", "pipe"],
        signal: AbortSignal.timeout(HELPER_TIMEOUT_MS)
      });
      let out = "";
      let err = "";
      child.stdout.setEncoding("utf8").on("data", (chunk) => {
        out += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk) => {
        err += chunk;
      });
      child.on(
        "error",
        (error2) => reject(
          error2.code === "ENOENT" ? new ConfigurationError(
            `Docker config names credential helper '${helper}' but ${program} is not on PATH`
          ) : error2
        )
      );
      child.on("close", (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
      child.stdin.end(serverUrl);
    }
  );
  if (code !== 0) {
    if (/credentials not found/i.test(stdout + stderr)) return void 0;
    throw new ConfigurationError(`${program} get failed for ${serverUrl}: ${(stdout + stderr).trim()}`);
  }
  let parsed;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new ConfigurationError(`${program} get answered something other than JSON`);
  }
  if (!parsed.Secret) return void 0;
  return { username: parsed.Username ?? "", password: parsed.Secret };
}
async function dockerConfigLogin(registry, dir) {
  const file = join(dir, "config.json");
  let text2;
  try {
    text2 = await readFile(file, "utf8");
  } catch (error2) {
    if (error2.code === "ENOENT") return void 0;
    throw error2;
  }
  let config;
  try {
    config = JSON.parse(text2);
  } catch (error2) {
    throw new ConfigurationError(`${file} is not valid JSON`, { cause: error2 });
  }
  const serverUrl = isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
  const helperKey = Object.keys(config.credHelpers ?? {}).find((key) => matches(key, registry));
  if (helperKey !== void 0) return credentialHelperGet(config.credHelpers[helperKey], serverUrl);
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!matches(key, registry)) continue;
    const login = fromEntry(entry, file, key);
    if (login) return login;
  }
  if (config.credsStore) return credentialHelperGet(config.credsStore, serverUrl);
  return void 0;
}

// packages/core/src/registry/auth.ts
var PARAM = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
function parseChallenge(header) {
  if (!header) return void 0;
  const starts = [...header.matchAll(/(?:^|,)\s*(Basic|Bearer)(?=\s|$)/gi)];
  const parsed = starts.map((start, i) => {
    const from = (start.index ?? 0) + start[0].length;
    const to = starts[i + 1]?.index ?? header.length;
    const params = /* @__PURE__ */ new Map();
    for (const [, key, quoted, bare] of header.slice(from, to).matchAll(PARAM)) {
      params.set(key.toLowerCase(), quoted !== void 0 ? quoted.replace(/\\(.)/g, "$1") : bare ?? "");
    }
    return {
      scheme: start[1].toLowerCase(),
      realm: params.get("realm"),
      service: params.get("service"),
      scope: params.get("scope"),
      error: params.get("error")
    };
  });
  return parsed.find((c) => c.scheme === "bearer") ?? parsed[0];
}
function pullScope(repository) {
  return `repository:${repository}:pull`;
}
function scopeParams(atoms) {
  const byResource = /* @__PURE__ */ new Map();
  for (const atom of atoms) {
    const cut = atom.lastIndexOf(":");
    const resource = atom.slice(0, cut);
    const actions = byResource.get(resource) ?? /* @__PURE__ */ new Set();
    for (const action of atom.slice(cut + 1).split(",")) actions.add(action);
    byResource.set(resource, actions);
  }
  return [...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(",")}`);
}
function atomsOf(scope) {
  const cut = scope.lastIndexOf(":");
  return scope.slice(cut + 1).split(",").map((action) => `${scope.slice(0, cut)}:${action}`);
}
var TOKEN_MARGIN_MS = 1e4;
var DEFAULT_TOKEN_SECONDS = 60;
var Authenticator = class {
  #registry;
  #credentials;
  #fetchToken;
  #onSecret;
  #challenge;
  #tokens = [];
  #pending = [];
  /** Scopes asked for along with any others, so one token serves a whole copy. */
  #wanted = /* @__PURE__ */ new Set();
  constructor(registry, credentials, fetchToken, onSecret) {
    this.#registry = registry;
    this.#credentials = credentials;
    this.#fetchToken = fetchToken;
    this.#onSecret = onSecret;
  }
  get challenge() {
    return this.#challenge;
  }
  setChallenge(challenge) {
    this.#challenge = challenge;
  }
  /** Widens every later token request by these scope atoms (e.g. the source and target of a copy). */
  want(atoms) {
    for (const atom of atoms) for (const a of atomsOf(atom)) this.#wanted.add(a);
  }
  /** Forgets the token used for a refused request so the next authorization asks anew. */
  invalidate(header) {
    if (header === void 0) return;
    this.#tokens = this.#tokens.filter((t) => `Bearer ${t.token}` !== header);
  }
  /** The Authorization header for a request needing `atoms`, or `undefined` when none is needed. */
  async authorization(atoms) {
    const challenge = this.#challenge;
    if (challenge === void 0) return void 0;
    if (challenge.scheme === "basic") {
      const credentials = this.#requireCredentials("Basic");
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    }
    const needed = atoms.flatMap(atomsOf);
    const now = Date.now();
    this.#tokens = this.#tokens.filter((t) => t.expiresAt > now);
    const covers = (atoms2) => needed.every((atom) => atoms2.has(atom));
    const cached = this.#tokens.find((t) => covers(t.atoms));
    if (cached) return `Bearer ${cached.token}`;
    let pending = this.#pending.find((p) => covers(p.atoms));
    if (pending === void 0) {
      const atoms2 = /* @__PURE__ */ new Set([...needed, ...this.#wanted]);
      pending = { atoms: atoms2, token: this.#requestToken(challenge, atoms2) };
      this.#pending.push(pending);
      const settled = pending;
      settled.token.finally(() => {
        this.#pending = this.#pending.filter((p) => p !== settled);
      }).catch(() => {
      });
    }
    return `Bearer ${await pending.token}`;
  }
  #requireCredentials(scheme) {
    if (this.#credentials === void 0) {
      throw new ConfigurationError(
        `${this.#registry} requires ${scheme} authentication and no credentials were found: give registry-username and registry-password, or run docker login`
      );
    }
    return this.#credentials;
  }
  async #requestToken(challenge, atoms) {
    if (!challenge.realm) {
      throw new ConfigurationError(`${this.#registry} sent a Bearer challenge without a realm`);
    }
    const url = new URL(challenge.realm);
    const scopes = scopeParams(atoms);
    const credentials = this.#credentials;
    let response;
    if (credentials?.username === IDENTITY_TOKEN_USER) {
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credentials.password,
        client_id: "digestflow"
      });
      if (challenge.service) form.set("service", challenge.service);
      if (scopes.length > 0) form.set("scope", scopes.join(" "));
      response = await this.#fetchToken(url.toString(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString()
      });
    } else {
      if (challenge.service) url.searchParams.set("service", challenge.service);
      for (const scope of scopes) url.searchParams.append("scope", scope);
      const headers = {};
      if (credentials) {
        url.searchParams.set("account", credentials.username);
        headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
      }
      response = await this.#fetchToken(url.toString(), { method: "GET", headers });
    }
    if (response.status === 401 || response.status === 403) {
      response.discard();
      throw new ConfigurationError(
        credentials ? `${this.#registry}: the token service ${url.origin} refused the credentials from ${credentials.source} (HTTP ${response.status})` : `${this.#registry}: the token service ${url.origin} refused anonymous access (HTTP ${response.status}); give registry credentials`
      );
    }
    const text2 = await response.text();
    if (!response.ok)
      throw new Error(`token service ${url.origin}: HTTP ${response.status}: ${text2.slice(0, 200)}`);
    const body = JSON.parse(text2);
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`token service ${url.origin} answered without a token`);
    this.#onSecret?.(token);
    const seconds = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
    this.#tokens.push({
      atoms,
      token,
      expiresAt: Date.now() + Math.max(seconds * 1e3 - TOKEN_MARGIN_MS, seconds * 500)
    });
    return token;
  }
};

// packages/core/src/registry/http.ts
var DEFAULT_RETRY = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 1e4,
  budgetMs: 6e4
};
var NO_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 };
var RETRYABLE_STATUS = /* @__PURE__ */ new Set([408, 429, 500, 502, 503, 504]);
var RegistryHttpError = class extends Error {
  status;
  method;
  url;
  /** The first OCI error code of the body (`MANIFEST_UNKNOWN`, `DENIED`, …), when there is one. */
  code;
  /** Seconds from Retry-After, when the registry sent one. */
  retryAfterMs;
  constructor(method, url, status, body, retryAfterMs) {
    const code = errorCode(body);
    const detail = code ?? body.trim().slice(0, 200);
    super(`${method} ${redactUrl(url)}: HTTP ${status}${detail ? ` (${detail})` : ""}`);
    this.name = "RegistryHttpError";
    this.status = status;
    this.method = method;
    this.url = url;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
  get retryable() {
    return RETRYABLE_STATUS.has(this.status);
  }
};
var RegistryNetworkError = class extends Error {
  method;
  url;
  /** The system or TLS error code (`ECONNREFUSED`, `ECONNRESET`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, …). */
  code;
  constructor(method, url, cause) {
    const code = networkErrorCode(cause);
    super(`${method} ${redactUrl(url)}: ${describeNetworkError(cause)}`, { cause });
    this.name = "RegistryNetworkError";
    this.method = method;
    this.url = url;
    this.code = code;
  }
  /** Certificate problems do not heal by trying again. */
  get retryable() {
    return !isCertificateError(this.code);
  }
  get certificateProblem() {
    return isCertificateError(this.code);
  }
};
function errorCode(body) {
  try {
    const parsed = JSON.parse(body);
    const first = parsed.errors?.[0];
    if (typeof first?.code !== "string") return void 0;
    return typeof first.message === "string" && first.message !== "" ? `${first.code}: ${first.message}` : first.code;
  } catch {
    return void 0;
  }
}
function redactUrl(url) {
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?\u2026`;
}
function networkErrorCode(error2) {
  for (let e = error2, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = e.code;
    if (typeof code === "string" && code !== "ERR_INVALID_STATE") return code;
  }
  return void 0;
}
function describeNetworkError(error2) {
  const messages = [];
  for (let e = error2, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
  }
  return messages.join(": ") || String(error2);
}
var CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/;
function isCertificateError(code) {
  return code !== void 0 && CERTIFICATE_CODES.test(code);
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === null || value.trim() === "") return void 0;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1e3;
  const date = Date.parse(value);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}
function isRetryable(error2) {
  return error2 instanceof RegistryHttpError && error2.retryable || error2 instanceof RegistryNetworkError && error2.retryable;
}
function backoffDelay(policy, attempt, error2) {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const retryAfter = error2 instanceof RegistryHttpError ? error2.retryAfterMs : void 0;
  return retryAfter === void 0 ? jittered : Math.max(retryAfter, jittered);
}
async function retrying(policy, step, onRetry) {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error2) {
      if (!isRetryable(error2) || attempt >= policy.attempts) throw error2;
      const delay = backoffDelay(policy, attempt, error2);
      if (Date.now() - started + delay > policy.budgetMs) throw error2;
      onRetry?.(error2, delay, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

// packages/core/src/registry/transport.ts
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
var load = createRequire(import.meta.url);
var { Agent: HttpAgent, request: httpRequest } = load("node:http");
var { Agent: HttpsAgent, request: httpsRequest } = load("node:https");
var agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 16 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 16 })
};
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var MAX_REDIRECTS = 5;
var HttpResponse = class {
  status;
  /** The URL that answered, after redirects. */
  url;
  body;
  constructor(url, message) {
    this.url = url;
    this.status = message.statusCode ?? 0;
    this.body = message;
  }
  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  header(name) {
    const value = this.body.headers[name.toLowerCase()];
    if (value === void 0) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
  /** Reads the whole body; fails past `limit` bytes (manifests and JSON only, never blobs). */
  async bytes(limit = 16 * 1024 * 1024) {
    const chunks = [];
    let length = 0;
    for await (const chunk of this.body) {
      length += chunk.length;
      if (length > limit) {
        this.body.destroy();
        throw new Error(`${this.url}: the answer is over ${limit} bytes`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, length);
  }
  async text() {
    return Buffer.from(await this.bytes()).toString("utf8");
  }
  async json() {
    return JSON.parse(await this.text());
  }
  /** Drops an unread body; reading it to the end keeps the connection for the next request. */
  discard() {
    this.body.resume();
  }
};
function timeoutError(ms) {
  return Object.assign(new Error(`no data for ${ms} ms`), { code: "ETIMEDOUT" });
}
function sendOnce(url, options) {
  const secure = url.protocol === "https:";
  const request = secure ? httpsRequest : httpRequest;
  const body = options.body;
  const headers = { ...options.headers };
  if (typeof body === "string" || body instanceof Uint8Array) {
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method,
      headers,
      agent: secure ? agents.https : agents.http
    });
    req.setTimeout(options.idleTimeoutMs, () => req.destroy(timeoutError(options.idleTimeoutMs)));
    req.on("error", reject);
    req.on("response", resolve);
    if (body instanceof Readable) {
      pipeline(body, req).catch((error2) => {
        req.destroy(error2);
        reject(error2);
      });
    } else {
      req.end(body);
    }
  });
}
async function send(url, options) {
  let current = new URL(url);
  let headers = { ...options.headers };
  for (let hop = 0; ; hop++) {
    const response = await sendOnce(current, { ...options, headers });
    const location = response.headers.location;
    const follow = (options.method === "GET" || options.method === "HEAD") && REDIRECTS.has(response.statusCode ?? 0) && location !== void 0 && hop < MAX_REDIRECTS;
    if (options.method === "HEAD") response.resume();
    if (!follow) return new HttpResponse(current.toString(), response);
    response.resume();
    const next = new URL(location, current);
    if (next.origin !== current.origin) {
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => name.toLowerCase() !== "authorization")
      );
    }
    current = next;
  }
}

// packages/core/src/registry/client.ts
var LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;
function isLoopback(registry) {
  const host = registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0];
  return LOOPBACK.test(host);
}
var RegistryClient = class {
  /** The host, with its port, as in an image reference. */
  registry;
  credentials;
  auth;
  /** Requests made so far, auth flow included. */
  requests = 0;
  #options;
  #timeoutMs;
  #base;
  constructor(registry, options = {}) {
    this.registry = registry;
    this.credentials = options.credentials;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 3e4;
    this.auth = new Authenticator(
      registry,
      options.credentials,
      (url, init) => this.#authFetch(url, init),
      options.onSecret
    );
  }
  /** Where the registry's API answers: Docker Hub's is not at docker.io itself. */
  get endpoint() {
    return this.registry === DOCKER_HUB ? "registry-1.docker.io" : this.registry;
  }
  get timeoutMs() {
    return this.#timeoutMs;
  }
  /** `https://host` or `http://host`, learned by the first request (the `/v2/` ping). */
  baseUrl() {
    this.#base ??= this.#ping();
    this.#base.catch(() => {
      this.#base = void 0;
    });
    return this.#base;
  }
  #note(method, url, status, auth) {
    this.requests++;
    this.#options.onRequest?.({ method, url, status, auth });
  }
  /** One request, counted; a failure to get an answer becomes a RegistryNetworkError. */
  async #fetch(url, init, auth) {
    let response;
    try {
      response = await send(url, { ...init, idleTimeoutMs: this.#timeoutMs });
    } catch (error2) {
      this.#note(init.method, url, void 0, auth);
      throw new RegistryNetworkError(init.method, url, error2);
    }
    this.#note(init.method, url, response.status, auth);
    return response;
  }
  async #authFetch(url, init) {
    return retrying(
      this.#options.retry ?? DEFAULT_RETRY,
      async () => {
        const response = await this.#fetch(url, init, true);
        if (response.status >= 500 || response.status === 429)
          throw await this.#httpError(response, init.method, url);
        return response;
      },
      (error2, delay) => this.#retryNote(error2, delay)
    );
  }
  #retryNote(error2, delayMs) {
    this.#options.onRetry?.(`${error2.message}; retrying in ${(delayMs / 1e3).toFixed(1)} s`);
  }
  async #httpError(response, method, url) {
    const body = method === "HEAD" ? "" : await response.text().catch(() => "");
    return new RegistryHttpError(
      method,
      url,
      response.status,
      body,
      parseRetryAfter(response.header("retry-after"))
    );
  }
  async #ping() {
    const host = this.endpoint;
    const candidates = this.#options.plainHttp ? ["http"] : isLoopback(host) ? ["http", "https"] : ["https"];
    let firstError;
    for (const [i, scheme] of candidates.entries()) {
      const base = `${scheme}://${host}`;
      const last = i === candidates.length - 1;
      try {
        const response = await retrying(
          this.#options.retry ?? DEFAULT_RETRY,
          async () => {
            const r = await this.#fetch(`${base}/v2/`, { method: "GET" }, true).catch((error2) => {
              if (!last && error2 instanceof RegistryNetworkError) return void 0;
              throw error2;
            });
            if (r && (r.status >= 500 || r.status === 429))
              throw await this.#httpError(r, "GET", `${base}/v2/`);
            return r;
          },
          (error2, delay) => this.#retryNote(error2, delay)
        );
        if (response === void 0) continue;
        response.discard();
        if (response.status === 401) {
          this.auth.setChallenge(parseChallenge(response.header("www-authenticate")));
          return base;
        }
        if (response.ok) return base;
        if (!last && response.status === 400) continue;
        throw new ConfigurationError(
          `${base}/v2/ answered HTTP ${response.status}: ${this.registry} does not look like an OCI registry`
        );
      } catch (error2) {
        if (error2 instanceof RegistryNetworkError && error2.certificateProblem) {
          throw new ConfigurationError(
            `${this.registry}: the TLS certificate is not trusted (${error2.code}); add its CA with NODE_EXTRA_CA_CERTS`,
            { cause: error2 }
          );
        }
        if (!(error2 instanceof RegistryNetworkError)) throw error2;
        firstError ??= error2;
      }
    }
    throw new ConfigurationError(
      `registry ${this.registry} is unreachable: ${firstError.message}`,
      {
        cause: firstError
      }
    );
  }
  async #url(path) {
    const base = await this.baseUrl();
    return new URL(path, base).toString();
  }
  async #send(request, body, reauthorize) {
    const url = await this.#url(request.path);
    const authorization = await this.auth.authorization(request.scopes);
    const headers = { ...request.headers };
    if (authorization) headers.authorization = authorization;
    const streamed = body instanceof Readable2;
    const response = await this.#fetch(url, { method: request.method, headers, body }, false);
    if (response.status === 401 && reauthorize && !streamed) {
      response.discard();
      const challenge = parseChallenge(response.header("www-authenticate"));
      if (challenge) this.auth.setChallenge(challenge);
      this.auth.invalidate(authorization);
      return this.#send(request, body, false);
    }
    if (!request.ok.includes(response.status)) {
      const error2 = await this.#httpError(response, request.method, url);
      if (response.status === 401 || response.status === 403) {
        throw new ConfigurationError(
          `${this.registry} refused ${request.method} ${redactUrl(new URL(url).pathname)} (HTTP ${response.status}${error2.code ? `, ${error2.code}` : ""}): check the credentials${this.credentials ? ` from ${this.credentials.source}` : " (none were found)"} and their permissions`,
          { cause: error2 }
        );
      }
      throw error2;
    }
    return response;
  }
  /** A request whose body (if any) can be replayed; retried when idempotent. */
  async request(request) {
    return retrying(
      request.idempotent ? this.#options.retry ?? DEFAULT_RETRY : NO_RETRY,
      () => this.#send(request, request.body, true),
      (error2, delay) => this.#retryNote(error2, delay)
    );
  }
  /** A request with a streamed body, sent once. */
  async stream(request) {
    return this.#send(request, request.body, false);
  }
  /** Runs a whole multi-request step with this client's retry policy (it must be idempotent as a whole). */
  async step(run) {
    return retrying(
      this.#options.retry ?? DEFAULT_RETRY,
      run,
      (error2, delay) => this.#retryNote(error2, delay)
    );
  }
};

// packages/core/src/registry/manifests.ts
import { createHash } from "node:crypto";
var MediaTypes2 = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json"
};
var INDEX_TYPES = /* @__PURE__ */ new Set([MediaTypes2.ociIndex, MediaTypes2.dockerManifestList]);
var MANIFEST_TYPES = /* @__PURE__ */ new Set([
  MediaTypes2.ociManifest,
  MediaTypes2.dockerManifest,
  ...INDEX_TYPES
]);
var MANIFEST_ACCEPT = [...MANIFEST_TYPES].join(", ");
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
function digestOf(bytes, algorithm) {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}
function contentType(response, bytes) {
  const header = response.header("content-type")?.split(";")[0]?.trim();
  if (header && MANIFEST_TYPES.has(header)) return header;
  try {
    const field = JSON.parse(Buffer.from(bytes).toString("utf8")).mediaType;
    if (typeof field === "string" && MANIFEST_TYPES.has(field)) return field;
  } catch {
  }
  throw new Error(`unsupported manifest media type '${header ?? "none"}' (Docker schema 1 is not supported)`);
}
async function readBounded(response, what) {
  const length = Number(response.header("content-length") ?? "0");
  if (length > MAX_MANIFEST_BYTES) {
    response.body.destroy();
    throw new Error(`${what} is ${length} bytes, over the ${MAX_MANIFEST_BYTES}-byte manifest limit`);
  }
  return response.bytes(MAX_MANIFEST_BYTES);
}
function manifestPath(repository, reference) {
  return `/v2/${repository}/manifests/${reference}`;
}
async function getManifest(client, repository, reference) {
  const what = `${client.registry}/${repository}:${reference}`;
  return client.step(async () => {
    const response = await client.request({
      method: "GET",
      path: manifestPath(repository, reference),
      scopes: [pullScope(repository)],
      headers: { accept: MANIFEST_ACCEPT },
      ok: [200, 404],
      idempotent: true
    });
    if (response.status === 404) {
      response.discard();
      return void 0;
    }
    const bytes = await readBounded(response, what);
    const mediaType = contentType(response, bytes);
    const stated = response.header("docker-content-digest");
    const expected = isDigest(reference) ? reference : stated !== null && isDigest(stated) ? stated : void 0;
    const algorithm = expected?.split(":")[0] ?? "sha256";
    const digest = digestOf(bytes, algorithm);
    if (expected !== void 0 && digest !== expected) {
      throw new Error(`${what}: the manifest bytes hash to ${digest}, not ${expected}`);
    }
    return { bytes, mediaType, digest };
  });
}
async function headManifest(client, repository, reference) {
  const response = await client.request({
    method: "HEAD",
    path: manifestPath(repository, reference),
    scopes: [pullScope(repository)],
    headers: { accept: MANIFEST_ACCEPT },
    ok: [200, 404],
    idempotent: true
  });
  if (response.status === 404) return void 0;
  const stated = response.header("docker-content-digest");
  if (stated !== null && isDigest(stated)) return stated;
  return (await getManifest(client, repository, reference))?.digest;
}

// packages/core/src/credentials.ts
function isAcrRegistry(registry, options = {}) {
  const host = registry.toLowerCase().replace(/:\d+$/, "");
  return options.acr === true || host.endsWith(".azurecr.io");
}
function isGhcr(registry) {
  return registry.toLowerCase() === "ghcr.io";
}
async function findCredentials(registry, options) {
  if (options.username !== void 0 && options.password !== void 0) {
    return { username: options.username, password: options.password, source: "inputs" };
  }
  if (isAcrRegistry(registry, options)) {
    const { acrCredentials } = await import("./acr-FWWW2BWD.js");
    const acr = await acrCredentials(registry, { onSecret: options.onSecret, ...options.azure });
    if (acr) return acr;
  }
  if (isGhcr(registry) && options.githubToken) {
    return {
      username: options.githubUsername ?? "x-access-token",
      password: options.githubToken,
      source: "github-token"
    };
  }
  const login = await dockerConfigLogin(registry, dockerConfigDir(options.dockerConfigDir));
  if (login) return { ...login, source: "docker-config" };
  return void 0;
}
async function resolveCredentials(registry, options) {
  const credentials = await findCredentials(registry, options);
  if (credentials && credentials.password !== "") options.onSecret?.(credentials.password);
  return credentials;
}
function parseAuthorityHost(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`'${value}' is not a URL: expected e.g. https://login.microsoftonline.us`);
  }
  if (url.protocol !== "https:") throw new ConfigurationError(`'${value}' must be an https URL`);
  return url.origin;
}

// packages/core/src/github.ts
import { readFileSync } from "node:fs";
var SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
function record(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
}
function text(value) {
  return typeof value === "string" && value !== "" ? value : void 0;
}
function nonEmpty(value) {
  return value === void 0 || value.trim() === "" ? void 0 : value.trim();
}
function isoTimestamp(value) {
  const stamp = text(value);
  if (stamp === void 0) return void 0;
  const time = Date.parse(stamp);
  return Number.isNaN(time) ? void 0 : new Date(time).toISOString().replace(/\.000Z$/, "Z");
}
function sha(value, source) {
  if (value === void 0) return void 0;
  const lower = value.toLowerCase();
  if (!SHA.test(lower)) {
    throw new ConfigurationError(`${source} '${value}' is not a commit sha (40 or 64 hex digits)`);
  }
  return lower;
}
function readEventFile(path) {
  if (path === void 0 || path === "") return {};
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error2) {
    throw new ConfigurationError(`cannot read the event payload at GITHUB_EVENT_PATH '${path}'`, {
      cause: error2
    });
  }
}
function splitRef(ref) {
  if (ref?.startsWith("refs/heads/")) return { kind: "branch", name: ref.slice("refs/heads/".length) };
  if (ref?.startsWith("refs/tags/")) return { kind: "tag", name: ref.slice("refs/tags/".length) };
  if (ref?.startsWith("refs/pull/")) return { kind: "pull_request", name: void 0 };
  return { kind: "other", name: void 0 };
}
function releaseRef(eventName, payload) {
  const tag = eventName === "release" ? text(record(payload.release)?.tag_name) : void 0;
  return tag === void 0 ? void 0 : `refs/tags/${tag}`;
}
function pullRequestOf(payload) {
  const pr = record(payload.pull_request);
  if (pr === void 0) return void 0;
  const head = record(pr.head);
  const base = record(pr.base);
  const number = typeof pr.number === "number" ? pr.number : Number(payload.number);
  const headSha = sha(text(head?.sha), "pull_request.head.sha");
  if (!Number.isInteger(number) || number <= 0 || headSha === void 0) {
    throw new ConfigurationError("the pull_request event payload has no PR number or head sha");
  }
  return { number, headSha, headRef: text(head?.ref), baseRef: text(base?.ref) };
}
function readGitHubContext(env = process.env, readEvent = readEventFile) {
  const eventName = nonEmpty(env.GITHUB_EVENT_NAME) ?? "unknown";
  const payload = record(readEvent(nonEmpty(env.GITHUB_EVENT_PATH))) ?? {};
  const ref = nonEmpty(env.GITHUB_REF);
  const serverUrl = (nonEmpty(env.GITHUB_SERVER_URL) ?? "https://github.com").replace(/\/+$/, "");
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const repositoryUrl = repository === void 0 ? void 0 : `${serverUrl}/${repository}`;
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  const runUrl = repositoryUrl === void 0 || runId === void 0 ? void 0 : `${repositoryUrl}/actions/runs/${runId}`;
  const common = { eventName, ref, serverUrl, repository, repositoryUrl, runId, runUrl };
  const envSha = sha(nonEmpty(env.GITHUB_SHA), "GITHUB_SHA");
  const pullRequest = eventName.startsWith("pull_request") ? pullRequestOf(payload) : void 0;
  if (pullRequest !== void 0) {
    return {
      ...common,
      refKind: "pull_request",
      branch: pullRequest.headRef ?? nonEmpty(env.GITHUB_HEAD_REF),
      tag: void 0,
      sha: pullRequest.headSha,
      pullRequest,
      commitTimestamp: void 0
    };
  }
  const { kind, name } = splitRef(ref ?? releaseRef(eventName, payload));
  let commitSha = envSha;
  let commitTimestamp;
  if (eventName === "push") {
    commitSha ??= sha(text(payload.after), "push payload after");
    commitTimestamp = isoTimestamp(record(payload.head_commit)?.timestamp);
  } else if (eventName === "merge_group") {
    const group = record(payload.merge_group);
    commitSha ??= sha(text(group?.head_sha), "merge_group.head_sha");
    commitTimestamp = isoTimestamp(record(group?.head_commit)?.timestamp);
  }
  if (commitSha !== void 0 && /^0+$/.test(commitSha)) commitSha = void 0;
  return {
    ...common,
    refKind: kind,
    branch: kind === "branch" ? name : void 0,
    tag: kind === "tag" ? name : void 0,
    sha: commitSha,
    pullRequest: void 0,
    commitTimestamp
  };
}
function requireSha(context) {
  if (context.sha === void 0) {
    throw new ConfigurationError(
      `no commit sha for the '${context.eventName}' event: GITHUB_SHA is not set (run on a GitHub runner, or set it)`
    );
  }
  return context.sha;
}
var DEFAULT_SHA_LENGTH = 7;
function parseShaLength(value) {
  const length = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isInteger(length) || length < 4 || length > 40 || String(value).trim() === "") {
    throw new ConfigurationError(`expected a whole number from 4 to 40, got '${value}'`);
  }
  return length;
}
function shortSha(commitSha, length = DEFAULT_SHA_LENGTH) {
  return commitSha.slice(0, parseShaLength(length));
}

// packages/core/src/labels.ts
var OCI = {
  revision: "org.opencontainers.image.revision",
  source: "org.opencontainers.image.source",
  created: "org.opencontainers.image.created",
  version: "org.opencontainers.image.version",
  title: "org.opencontainers.image.title"
};
var LABEL_KEY = /^[^\s=]+$/;
function parseLabels(lines) {
  const labels = /* @__PURE__ */ new Map();
  for (const line of lines) {
    const eq = line.indexOf("=");
    const key = eq === -1 ? line.trim() : line.slice(0, eq).trim();
    if (eq === -1 || !LABEL_KEY.test(key)) {
      throw new ConfigurationError(`expected key=value lines (e.g. team=payments), got '${line}'`);
    }
    labels.set(key, line.slice(eq + 1).trim());
  }
  return labels;
}
function imageMetadata(options) {
  const { context, image } = options;
  const oci = {
    [OCI.revision]: options.sha,
    ...context.repositoryUrl === void 0 ? {} : { [OCI.source]: context.repositoryUrl },
    [OCI.created]: context.commitTimestamp ?? options.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    [OCI.version]: options.version,
    [OCI.title]: image.repository.slice(image.repository.lastIndexOf("/") + 1)
  };
  const labels = { ...oci, ...Object.fromEntries(options.labels ?? []) };
  const annotations = Object.fromEntries(Object.keys(oci).map((key) => [key, labels[key]]));
  return { labels, annotations };
}

// packages/core/src/registry/memory.ts
var MINOR_EVERY_BYTES = 2 * 1024 * 1024;

// packages/core/src/tags.ts
var MAX_TAG_LENGTH = 128;
var DEFAULT_ENVIRONMENTS = /* @__PURE__ */ new Map([
  ["main", "dev"],
  ["staging", "staging"]
]);
var PREFIX = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
var MAX_PREFIX_LENGTH = MAX_TAG_LENGTH - 1 - 40;
function parseEnvironments(lines) {
  const environments = /* @__PURE__ */ new Map();
  for (const line of lines) {
    const eq = line.indexOf("=");
    const branch = eq === -1 ? "" : line.slice(0, eq).trim();
    const prefix = eq === -1 ? "" : line.slice(eq + 1).trim();
    if (branch === "" || prefix === "") {
      throw new ConfigurationError(`expected branch=prefix lines (e.g. main=dev), got '${line}'`);
    }
    if (!PREFIX.test(prefix) || prefix.length > MAX_PREFIX_LENGTH) {
      throw new ConfigurationError(
        `prefix '${prefix}' of branch '${branch}' must be up to ${MAX_PREFIX_LENGTH} letters, digits, '_', '.' or '-', not starting with '.' or '-'`
      );
    }
    if (environments.has(branch)) {
      throw new ConfigurationError(`branch '${branch}' is mapped twice`);
    }
    environments.set(branch, prefix);
  }
  return environments;
}
function sanitizedTag(name, suffix) {
  const room = MAX_TAG_LENGTH - 1 - suffix.length;
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[.-]+/, "").slice(0, room).replace(/[.-]+$/, "");
  return `${cleaned === "" ? "branch" : cleaned}-${suffix}`;
}
function parseExplicitTag(value, image) {
  if (!/[/:@]/.test(value)) return parseTag(value);
  const reference = ImageReference.parse(value);
  if (reference.tag === void 0 || reference.digest !== void 0) {
    throw new ConfigurationError(`'${value}' must be a tag or a reference with a tag and no digest`);
  }
  if (!reference.sameRepository(image)) {
    throw new ConfigurationError(
      `'${value}' names repository ${reference.name}, not ${image.name}: build-image pushes to one repository (copy elsewhere with promote-image)`
    );
  }
  return reference.tag;
}
function derivedTag(context, environments, sha7) {
  switch (context.refKind) {
    case "tag":
      throw new ConfigurationError(
        `this run is for tag '${context.tag}': releases are promoted, not rebuilt. Use promote-image (to: release) to copy the tested image of this commit to the release version.`
      );
    case "pull_request":
      if (context.pullRequest !== void 0) return `pr-${context.pullRequest.number}-${sha7}`;
      break;
    case "branch":
      if (context.branch !== void 0) {
        const prefix = environments.get(context.branch);
        return prefix === void 0 ? sanitizedTag(context.branch, sha7) : `${prefix}-${sha7}`;
      }
      break;
  }
  throw new ConfigurationError(
    `the '${context.eventName}' event has no branch or pull request to derive a tag from; run on a branch`
  );
}
function planTags(options) {
  const { image, context } = options;
  const sha2 = requireSha(context);
  const version = derivedTag(
    context,
    options.environments ?? DEFAULT_ENVIRONMENTS,
    shortSha(sha2, options.shaLength)
  );
  const extra = (options.extraTags ?? []).map((value) => parseExplicitTag(value, image));
  const tags = [.../* @__PURE__ */ new Set([version, ...extra])];
  return { version, tags, references: tags.map((tag) => image.withTag(tag)), sha: sha2 };
}

// packages/core/src/version.ts
var import_semver = __toESM(require_semver(), 1);

export {
  summary,
  setSecret,
  getInput,
  setOutput,
  setFailed,
  debug,
  warning,
  info,
  startGroup,
  endGroup,
  getIDToken,
  isAcrRegistry,
  resolveCredentials,
  parseAuthorityHost,
  readGitHubContext,
  DEFAULT_SHA_LENGTH,
  parseShaLength,
  isDigest,
  parseDigest,
  ImageReference,
  parseLabels,
  imageMetadata,
  isLoopback,
  RegistryClient,
  headManifest,
  DEFAULT_ENVIRONMENTS,
  parseEnvironments,
  parseExplicitTag,
  planTags
};
//# sourceMappingURL=chunk-VFQP2FPG.js.map
