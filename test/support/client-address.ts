import { randomInt } from 'node:crypto';
import { Agent } from 'node:http';

/** A random address in 127.0.0.0/8: all of it is this machine's loopback on Linux. */
export const randomLoopbackAddress = (): string => `127.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/**
 * An HTTP agent whose connections leave from the given loopback address, so a test speaks from an
 * address of its own and per-IP limits (sign-up, sign-in) count it apart from other tests, as they
 * would real clients. Nothing is trusted or lifted: the server sees a real source address.
 */
export function fromAddress(address: string = randomLoopbackAddress()): Agent {
  return new Agent({ localAddress: address });
}
