// What every doctor check gets: the target, the sender profile, the ways to reach the receiver,
// and what earlier checks learned (the addresses, whether a connection is possible at all).
import type { Finding } from '../findings.js';
import type { Delivery, DeliveryRequest, HeaderList } from '../http/delivery.js';
import type { Profile } from '../profiles/index.js';
import type { Resolver } from '../http/resolve.js';
import type { Handshake } from '../capture/handshakes.js';

/** Signs a body the way the chosen scheme does; returns the headers to add. */
export type Signer = (body: Buffer, opts?: { timestamp?: number }) => HeaderList;

/** One HTTP exchange doctor made, kept for the report (status codes and request ids for support). */
export interface Exchange {
  check: string;
  method: string;
  bytes: number;
  status?: number;
  requestId?: string;
  error?: string;
  ms: number;
}

export interface DoctorContext {
  url: URL;
  profile: Profile;
  /** The target is doctor's own built-in receiver. */
  builtin: boolean;
  /** How long the sender waits for an answer (the profile's, or --timeout). */
  budgetSeconds: number;
  /** Present when --secret was given (or the built-in receiver was started with one). */
  signer?: Signer;
  scheme?: string;
  /** Headers every request carries: Content-Type, Authorization. */
  baseHeaders: HeaderList;
  /** Extra trusted CA (PEM) from --cacert. */
  ca?: Buffer;
  /** Client certificate and key (PEM) from --cert/--key, for a receiver that asks for mTLS. */
  clientCert?: { cert: Buffer; key: Buffer };
  burstSize: number;
  /** Resolves the host as a delivery does (tests inject one: they never ask a real resolver). */
  resolve: Resolver;
  /** The sender's endpoint handshake to play (the profile's), with what its answer depends on. */
  handshake?: Handshake;
  /** The raw secret (Zoom's encryptedToken is checked with it). */
  handshakeSecret?: string;
  /** Meta's Verify Token (--verify-token). */
  verifyToken?: string;
  /** Sends one request through http/ and records it in `exchanges`. */
  send(check: string, req: Partial<DeliveryRequest> & { body?: Buffer }): Promise<Delivery>;
  exchanges: Exchange[];
  /** Filled in as checks run. */
  state: {
    addresses?: string[];
    /** The address the TCP check connected to (the one the TLS check then talks to). */
    connected?: string;
    /** Why the network checks after this point cannot run (DNS failed, connection refused, TLS untrusted). */
    blocked?: string;
    samplePost?: Promise<Delivery>;
  };
}

export interface Check {
  id: string;
  label: string;
  /** Needs a working connection; skipped once an earlier check has blocked the way. */
  network: boolean;
  /** Whether the check belongs in this run at all (default: always); a check that does not apply has no row. */
  applies?(ctx: DoctorContext): boolean;
  run(ctx: DoctorContext): Promise<Finding[]>;
}

/** Hands a Delivery out of http/ to a function that sends it; the command supplies the real one. */
export type Deliver = (req: DeliveryRequest) => Promise<Delivery>;
