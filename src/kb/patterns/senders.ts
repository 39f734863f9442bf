// What senders show in their delivery logs: GitHub, GitLab, Bitbucket, Stripe, Alertmanager, Grafana, Particle,
// PagerDuty, Elastic Watcher. Only wording specific to the sender is here; the client errors they quote
// (Go's, Ruby's, Java's; GitLab's "Hook execution failed: …" quotes Ruby, Bitbucket's request log quotes Java)
// are recognised by those tables.
import type { PatternTable } from './row.js';

const GITHUB = 'GitHub Docs, "Troubleshooting webhooks" (github/docs content/webhooks/testing-and-troubleshooting-webhooks/troubleshooting-webhooks.md)';

export const senderPatterns: PatternTable = {
  source: 'senders',
  rows: [
    {
      id: 'github-localhost', needles: ['url host localhost is not supported'], weight: 45, key: 'local-address-blocked',
      re: /URL host localhost is not supported/i,
      says: 'GitHub refuses a localhost URL',
      examples: [{ line: 'URL host localhost is not supported', from: GITHUB }],
    },
    {
      id: 'github-connect-host', needles: ['failed to connect to host'], weight: 45, key: 'ENOTFOUND',
      re: /failed to connect to host/i,
      says: 'GitHub: the payload URL\'s host name did not resolve ("failed to connect to host")',
      examples: [{ line: "We couldn't deliver this payload: failed to connect to host", from: GITHUB + ': "could not resolve the webhook\'s URL to an IP address"' }],
    },
    {
      id: 'github-connect-network', needles: ['failed to connect to network'], weight: 45, key: 'ECONNREFUSED',
      re: /failed to connect to network/i,
      says: 'GitHub: your server refused the connection ("failed to connect to network")',
      examples: [{ line: "We couldn't deliver this payload: failed to connect to network", from: GITHUB }],
    },
    {
      id: 'github-peer-cert', needles: ['peer certificate cannot be authenticated'], weight: 45, key: 'cert-unknown-authority',
      re: /Peer certificate cannot be authenticated with given CA certificates/i,
      says: 'GitHub: your certificate is self-signed or its chain is incomplete',
      examples: [{ line: "We couldn't deliver this payload: Peer certificate cannot be authenticated with given CA certificates", from: GITHUB }],
    },
    {
      id: 'github-timed-out', needles: ["couldn't deliver this payload: timed out", 'service timeout'], weight: 45, key: 'timeout',
      re: /couldn.t deliver this payload: (?:timed out|Service Timeout)/i,
      says: 'GitHub: no answer within its 10 seconds',
      examples: [{ line: "We couldn't deliver this payload: timed out", from: GITHUB + ': "did not receive a response from your server within 10 seconds"' }],
    },
    {
      id: 'github-invalid-response', needles: ['invalid http response'], weight: 16, key: '{status}',
      re: /Invalid HTTP Response: (?<status>\d{3})/i,
      says: 'GitHub: your server answered {status}',
      examples: [{ line: "We couldn't deliver this payload: Invalid HTTP Response: 503", from: GITHUB + ': "invalid HTTP response … returns a 4xx or 5xx status"' }],
    },
    {
      id: 'gitlab-blocked', needles: ['url is blocked', 'requests to localhost are not allowed', 'requests to the local network are not allowed'], weight: 45, key: 'local-address-blocked',
      re: /Requests to (?:localhost|the local network|hosts and IP addresses not on the Allow List) are not allowed/i,
      says: 'GitLab blocks webhooks to local addresses',
      examples: [{ line: 'URL is blocked: Requests to the local network are not allowed', from: 'GitLab lib/gitlab/http_connection_adapter.rb / url_blocker.rb ("Requests to the local network are not allowed")' }],
    },
    {
      id: 'gitlab-returned', needles: ['hook executed successfully but returned'], weight: 16, key: '{status}',
      re: /Hook executed successfully but returned HTTP (?<status>\d{3})/i,
      says: 'GitLab: your server answered {status}',
      examples: [{ line: 'Hook executed successfully but returned HTTP 500', from: 'GitLab app/services/web_hook_service.rb (test hook result "Hook executed successfully but returned HTTP %{status}")' }],
    },
    {
      id: 'bitbucket-timeout', needles: ['timeout'], weight: 20, key: 'timeout',
      re: /(?:^|\s|\|)TIMEOUT(?:\s|\||$)/,
      says: 'TIMEOUT: no answer in time (how Bitbucket\'s request log shows it)',
      examples: [{ line: 'repo:push  2026-12-01 07:00  View details  TIMEOUT', from: 'Atlassian, "Troubleshoot webhooks" (Bitbucket Cloud request log: an HTTP status code, or TIMEOUT)' }],
    },
    {
      id: 'stripe-timed-out', needles: ['(timed out)'], weight: 40, key: 'timeout',
      re: /\(Timed out\)\s*ERR|ERR\s*\(Timed out\)/i,
      says: 'Stripe: your server took too long to answer',
      examples: [{ line: 'Delivery failed (Timed out) ERR', from: 'Stripe Docs, "Event destinations / webhook status" ("(Timed out) ERR: The destination server took too long to respond")' }],
    },
    {
      id: 'stripe-timed-out-connecting', needles: ['timed out connecting to remote host'], weight: 41, key: 'connect-timeout',
      re: /Timed out connecting to remote host/i,
      says: 'Stripe: no connection to your endpoint in time',
      examples: [{ line: 'Timed out connecting to remote host', from: 'https://github.com/stripe/stripe-terminal-react-native/issues/951 (Stripe dashboard delivery error)' }],
    },
    {
      id: 'stripe-tls', needles: ['(tls error)'], weight: 40, key: 'cert-unknown-authority',
      re: /\(TLS error\)\s*ERR|ERR\s*\(TLS error\)/i,
      says: 'Stripe: a TLS problem with your server\'s certificate',
      examples: [{ line: 'Delivery failed (TLS error) ERR', from: 'Stripe Docs, "Event destinations" ("(TLS error) ERR: Stripe couldn\'t establish a secure connection")' }],
    },
    {
      id: 'stripe-connect', needles: ['(failed to connect)'], weight: 40, key: 'ECONNREFUSED',
      re: /\(Failed to connect\)\s*ERR|ERR\s*\(Failed to connect\)/i,
      says: 'Stripe: could not connect to your server',
      examples: [{ line: 'Delivery failed (Failed to connect) ERR', from: 'Stripe Docs, "Event destinations" ("(Failed to connect) ERR: Stripe couldn\'t connect")' }],
    },
    {
      id: 'particle-sleeping', needles: ['sleeping, too many errors'], weight: 45, key: 'throttled',
      re: /Sleeping, too many errors/i,
      says: 'Particle: it is skipping deliveries because the endpoint failed too often',
      examples: [{ line: 'hook-error/my-hook/0 Sleeping, too many errors, please wait and try again', from: 'Particle Docs, "Webhooks" (hook-error events: "Sleeping, too many errors, please wait and try again")' }],
    },
    {
      id: 'particle-hook-error-timeout', needles: ['hook-error', 'esockettimedout', 'etimedout'], weight: 30, key: '{code}',
      re: /hook-error\S*\s+.*?\b(?<code>ESOCKETTIMEDOUTT?|ETIMEDOUT|ECONNRESET|ECONNREFUSED|ENOTFOUND)\b/,
      says: 'Particle hook-error: {code}',
      examples: [{ line: 'hook-error/my-hook/0 Error: ESOCKETTIMEDOUT', from: 'Particle Docs, "Webhooks" (hook-error data quotes the request error)' }],
    },
    {
      id: 'alertmanager-status', needles: ['notify retry canceled', 'unexpected status code'], weight: 15, key: '{status}',
      re: /notify retry canceled[^\n]*unexpected status code (?<status>\d{3})/,
      says: 'Alertmanager: the receiver answered {status}',
      examples: [{ line: 'msg="Notify for alerts failed" num_alerts=1 err="webhook/webhook[0]: notify retry canceled due to unrecoverable error after 1 attempts: unexpected status code 400: http://127.0.0.1:8080/"', from: 'Prometheus Alertmanager notify/webhook/webhook.go + notify/util.go' }],
    },
    {
      id: 'grafana-status', needles: ['webhook response status', 'failed to send webhook'], weight: 15, key: '{status}',
      re: /webhook response status (?:code )?(?<status>\d{3})|webhook (?:response )?status[=: ]+"?(?<status2>\d{3})/i,
      says: 'Grafana: the webhook answered {status}[{status2}]',
      examples: [{ line: 'logger=ngalert.notifier.webhook msg="Failed to send webhook" error="webhook response status 503 Service Unavailable"', from: 'Grafana alerting receivers/webhook (status error "webhook response status %v")' }],
    },
    {
      id: 'pagerduty-disabled', needles: ['pagerduty'], weight: 20, key: 'throttled',
      re: /PagerDuty[^\n]*(?:temporarily disabled|disabled the webhook|webhook subscription (?:was )?disabled)/i,
      says: 'PagerDuty disabled the webhook subscription after repeated failures',
      examples: [{ line: 'PagerDuty: webhook subscription disabled after repeated delivery failures', from: 'PagerDuty Developer Docs, "Webhooks v3 Overview" (subscriptions are disabled after persistent failures; wording assumed)' }],
    },
    {
      id: 'elastic-connect-exception', needles: ['connectexception[', 'sockettimeoutexception['], weight: 32, key: '{code}',
      re: /(?<code>ConnectException|SocketTimeoutException)\[(?<msg>[^\]]*)\]/,
      says: 'Elastic Watcher webhook: {code}[ ({msg})]',
      examples: [{ line: '"reason" : "ConnectException[Connection refused]"', from: 'Elasticsearch Watcher webhook action result (Java exception rendered as Name[message])' }],
    },
  ],
};
