import type { Socket } from 'node:net';
import type { Region } from '../../amazon/index.js';

/**
 * Which region each connection came in for. In regional mode the emulator also listens on one port per
 * region, as Amazon serves `sellingpartnerapi-{na,eu,fe}.amazon.com`; a connection accepted on such a port
 * is tagged with its region, and one on the main port has none (the main port serves every region).
 */
export class RegionalEndpoints {
  private readonly regionOfSocket = new WeakMap<Socket, Region>();
  private listening: Readonly<Record<Region, string>> | undefined;

  tag(socket: Socket, region: Region): void {
    this.regionOfSocket.set(socket, region);
  }

  /** The region of the port a connection came in on; undefined on the main port. */
  regionOf(socket: Socket): Region | undefined {
    return this.regionOfSocket.get(socket);
  }

  /** The base URL of each regional port once they listen; undefined when regional mode is off. */
  get urls(): Readonly<Record<Region, string>> | undefined {
    return this.listening;
  }

  setUrls(urls: Record<Region, string>): void {
    this.listening = { ...urls };
  }
}
