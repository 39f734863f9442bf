// Loading only the parts of undici that delivery uses. The package entry pulls in fetch, WebSocket,
// the cache and mock layers (about 70 ms of module loading); a webhook POST needs an Agent and a connector.
import Module, { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Agent as AgentClass, buildConnector as BuildConnector, Dispatcher, ProxyAgent, EnvHttpProxyAgent } from 'undici';

// The bundle is CommonJS (__filename exists); the tests load this file as an ES module.
const requireUndici = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

// The HTTP/2 client is never used (connections offer only http/1.1 in ALPN), but undici's Client loads it, and
// with it node:http2, on start-up. Registering a stand-in before the Client loads keeps node:http2 unloaded.
// These are undici's internal paths (pinned by the lockfile): if a release moves the file, skip the stand-in.
try {
  const h2Path = requireUndici.resolve('undici/lib/dispatcher/client-h2.js');
  if (!requireUndici.cache[h2Path]) {
    const stub = new Module(h2Path);
    stub.filename = h2Path;
    stub.loaded = true;
    stub.exports = function connectH2(): never {
      throw new Error('HTTP/2 is not offered by webhook-doctor');
    };
    requireUndici.cache[h2Path] = stub;
  }
} catch {
  // undici loads its real HTTP/2 client: slower to start, same behaviour.
}

export const Agent = requireUndici('undici/lib/dispatcher/agent.js') as typeof AgentClass;
export const buildConnector = requireUndici('undici/lib/core/connect.js') as typeof BuildConnector;

// undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it at once with its baseline compiler
// (Liftoff) and then re-compiles it with TurboFan on background threads, and a process cannot exit until
// those finish: 60 ms and more spent after the last byte of output. A webhook parser handles a few kB per
// request, so baseline code is plenty. The flag only affects WebAssembly compiled after this point.
setFlagsFromString('--liftoff-only');

// Proxy support is loaded only when a proxy is in play.
let connectApiInstalled = false;

/**
 * ProxyAgent opens its tunnel with `client.connect()`, an API method that the package entry mixes into
 * Dispatcher.prototype; loading submodules skips that, so install just that one method.
 */
function installConnectApi(): void {
  if (connectApiInstalled) return;
  const DispatcherClass = requireUndici('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
  if (typeof DispatcherClass.prototype.connect !== 'function') {
    DispatcherClass.prototype.connect = requireUndici('undici/lib/api/api-connect.js');
  }
  connectApiInstalled = true;
}

export function loadProxyAgent(): typeof ProxyAgent {
  installConnectApi();
  return requireUndici('undici/lib/dispatcher/proxy-agent.js') as typeof ProxyAgent;
}

export function loadEnvHttpProxyAgent(): typeof EnvHttpProxyAgent {
  installConnectApi();
  return requireUndici('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof EnvHttpProxyAgent;
}

export type { Dispatcher };
