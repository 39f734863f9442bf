// listen --raw without --show-secrets: credential header values (Authorization, Cookie, API keys) masked in a
// raw TCP byte stream as it arrives, chunk by chunk, a line cut between two chunks included. Each masked byte
// becomes '*', so offsets and lengths stay those of the stream as sent.
import { isCredentialHeader } from './mask.js';
import { MAX_HEAD_BYTES, TCHAR } from './http1.js';

/** Longest header name looked for: any name listen's HTTP parser takes (one as long as its head limit). */
const NAME_LIMIT = MAX_HEAD_BYTES;
const STAR = 0x2a;

function isNameByte(b: number): boolean {
  return b < 128 && TCHAR[b] === 1;
}

/**
 * One connection's masker. Every line that starts "Name:" with a credential name (spaces or tabs before it
 * allowed) has its value masked up to the end of the line, and so have its folded continuations (lines that
 * start with a space or tab). Lines are looked at wherever they are in the stream (a head, a pipelined head,
 * a body): raw mode does not know where bodies end, and masking a body line that looks like a credential
 * header errs on the safe side.
 */
export class RawStreamMasker {
  /** At the start of a line (the stream starts with one). */
  private lineStart = true;
  /** Name bytes of the current line so far, while it may still be a header name. */
  private name = '';
  private inName = true;
  /** In a credential value: mask until the line ends. */
  private inValue = false;
  /** The last line was a credential line: a folded continuation of it is masked too. */
  private lastWasCredential = false;
  /** Spaces between the name and the colon ("Authorization : x"): still masked, as maskRawHead does. */
  private spaceAfterName = false;
  /** Leading spaces of a value are kept, to show how the value was sent. */
  private valueStarted = false;

  /** The chunk with credential bytes masked, and whether any was: the same Buffer when nothing was. */
  mask(chunk: Buffer): { bytes: Buffer; masked: boolean } {
    let out: Buffer | undefined;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a) {
        this.lineStart = true;
        this.lastWasCredential = this.inValue;
        this.inValue = false;
        this.name = '';
        this.inName = true;
        this.spaceAfterName = false;
        continue;
      }
      if (this.lineStart) {
        this.lineStart = false;
        if ((b === 0x20 || b === 0x09) && this.lastWasCredential) {
          // A folded continuation of a credential line (obs-fold): masked like the line it continues.
          this.inName = false;
          this.inValue = true;
          this.valueStarted = false;
        } else {
          this.lastWasCredential = false;
        }
      }
      if (this.inValue) {
        if (b === 0x0d) continue;
        if (!this.valueStarted && (b === 0x20 || b === 0x09)) continue;
        this.valueStarted = true;
        out ??= Buffer.from(chunk);
        out[i] = STAR;
        continue;
      }
      if (!this.inName) continue;
      if (b === 0x3a && this.name.length > 0) {
        this.inName = false;
        if (isCredentialHeader(this.name)) {
          this.inValue = true;
          this.valueStarted = false;
        }
      } else if (isNameByte(b) && !this.spaceAfterName && this.name.length < NAME_LIMIT) {
        this.name += String.fromCharCode(b);
      } else if (b === 0x20 || b === 0x09) {
        // Before the name (a line indented by mistake) or between it and the colon: masked, as maskRawHead does.
        if (this.name.length > 0) this.spaceAfterName = true;
      } else {
        this.inName = false;
      }
    }
    return out ? { bytes: out, masked: true } : { bytes: chunk, masked: false };
  }
}
