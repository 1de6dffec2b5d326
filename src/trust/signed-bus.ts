// Remote-worker messages signed with the shared secret. Anyone who can log in
// to the store can read and publish on its channels; only holders of the
// secret can publish what a coordinator or a worker acts on. Each message is
//   { v: 1, nonce, seq, body, mac }
// where body is the message's JSON, nonce names its sender (random, one per
// bus), seq counts that sender's messages, and mac is HMAC-SHA256 over the
// channel, nonce, seq and body. A receiver drops, and counts, anything
// unsigned, badly signed, or not newer than the last it had from that sender
// (a replay). Signing proves a message comes from someone with the secret, not
// which worker: the coordinator also ties each place to its worker's nonce.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseMessage, type MessageBus } from '../stores/store.js';

/** A verified message and its sender's nonce. */
export type SignedHandler = (message: unknown, sender: string) => void;

/** Bodies larger than this are dropped unread: no message of the protocol comes near it. */
const MAX_BODY = 64 * 1024;

export class SignedBus {
  readonly nonce = randomBytes(16).toString('hex');
  private seq = 0;
  private readonly lastSeen = new Map<string, number>();
  private droppedCount = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly key: Buffer,
  ) {}

  publish(channel: string, message: object): Promise<void> {
    const body = JSON.stringify(message);
    const seq = ++this.seq;
    return this.bus.publish(channel, { v: 1, nonce: this.nonce, seq, body, mac: this.mac(channel, this.nonce, seq, body) });
  }

  subscribe(channel: string, onMessage: SignedHandler): Promise<void> {
    return this.bus.subscribe(channel, (raw) => {
      const opened = this.open(channel, raw);
      if (opened) onMessage(opened.message, opened.nonce);
      else this.droppedCount++;
    });
  }

  unsubscribe(channel: string): Promise<void> {
    return this.bus.unsubscribe(channel);
  }

  onLost(listener: () => void): void {
    this.bus.onLost(listener);
  }

  close(): Promise<void> {
    return this.bus.close();
  }

  /** Messages dropped since the last call: the caller says so once per run. */
  takeDropped(): number {
    const count = this.droppedCount;
    this.droppedCount = 0;
    return count;
  }

  private open(channel: string, raw: unknown): { message: unknown; nonce: string } | undefined {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { v, nonce, seq, body, mac } = raw as Record<string, unknown>;
    if (v !== 1 || typeof nonce !== 'string' || !/^[0-9a-f]{32}$/.test(nonce)) return undefined;
    if (!Number.isSafeInteger(seq) || (seq as number) < 1 || typeof body !== 'string' || body.length > MAX_BODY) return undefined;
    if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return undefined;
    const expected = Buffer.from(this.mac(channel, nonce, seq as number, body), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return undefined;
    if ((seq as number) <= (this.lastSeen.get(nonce) ?? 0)) return undefined;
    this.lastSeen.set(nonce, seq as number);
    const message = parseMessage(body);
    return message === undefined ? undefined : { message, nonce };
  }

  private mac(channel: string, nonce: string, seq: number, body: string): string {
    return createHmac('sha256', this.key).update(`racedemo/1\n${channel}\n${nonce}\n${seq}\n${body}`).digest('hex');
  }
}

/** One line for what the channels dropped since the last, if anything: once per run. */
export function reportDropped(bus: SignedBus, where: string, write: (line: string) => void = (line) => void process.stderr.write(`racedemo: ${line}\n`)): void {
  const count = bus.takeDropped();
  if (count === 0) return;
  const were = count === 1 ? 'message that was' : 'messages that were';
  write(`${where}: dropped ${count} ${were} unsigned, badly signed or replayed on the store's channels (someone without the secret is publishing there)`);
}
