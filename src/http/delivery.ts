// The Delivery vocabulary: what send, flush and doctor all get back from http/.

export type HeaderList = Array<[name: string, value: string]>;

export interface DeliveryRequest {
  url: string;
  method?: string; // default POST
  /** Sent in this order and case. */
  headers: HeaderList;
  /** Sent byte for byte. */
  body?: Buffer;
  /** Per-attempt time limit in ms (headers and body together). */
  timeoutMs: number;
}

/** Milliseconds from the start of the attempt, like curl -w's time_* (cumulative), undefined when the phase did not happen (no DNS for an IP, no TLS for http). */
export interface Timings {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
  total: number;
}

export interface DeliveryResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: Buffer;
  /** request_id / x-request-id pulled out of the headers or a JSON body. */
  requestId?: string;
}

export interface DeliveryError {
  /** Node or undici error code: ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, CERT_HAS_EXPIRED … (a knowledge-base key). */
  code: string;
  message: string;
}

export interface Attempt {
  attempt: number; // 1-based
  startedAt: string; // ISO 8601
  response?: DeliveryResponse;
  error?: DeliveryError;
  timings: Timings;
  /** Why the next attempt came (or did not), and how long we waited before it. */
  retryable: boolean;
  waitMs?: number;
  /** Why the retries stopped or how the wait was chosen, in words (e.g. Retry-After too long). */
  note?: string;
  /** The request line and headers exactly as written to the socket (for -v). */
  requestHead?: string;
  /** The connection this attempt used. */
  connection?: {
    remoteAddress?: string;
    remotePort?: number;
    /** A kept-alive connection from an earlier attempt: no DNS/connect/TLS time. */
    reused: boolean;
    tlsProtocol?: string;
  };
}

export interface Delivery {
  request: DeliveryRequest;
  /** The last attempt's answer, if any. */
  response?: DeliveryResponse;
  error?: DeliveryError;
  timings: Timings;
  attempts: Attempt[];
  /** Final outcome was 2xx. */
  ok: boolean;
  /** Final outcome is one a sender should retry later (spool keeps it). */
  retryable: boolean;
  /** Knowledge-base key explaining the final outcome ('429', 'ECONNREFUSED'), when it failed. */
  kb?: string;
  /** What a follow-up probe proved about a failure, e.g. that the port speaks TLS (see protocol-mixup.ts). */
  diagnosis?: string;
}
