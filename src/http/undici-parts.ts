// Loading only the parts of undici that delivery uses. The package entry pulls in fetch, WebSocket,
// the cache and mock layers (about 70 ms of module loading); a webhook POST needs an Agent and a connector.
import { createRequire } from 'node:module';
import type { Dispatcher, ProxyAgent, EnvHttpProxyAgent } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import buildConnector from 'undici/lib/core/connect.js';

export { Agent, buildConnector };

// Proxy support is loaded only when a proxy is in play; createRequire keeps it out of the start-up path.
const requireUndici = createRequire(import.meta.url);

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
