import type { Region } from '../../amazon/index.js';

/** A connected seller or vendor account as the account vault hands it to the CLI. */
export interface StoredAccount {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Absent for an account that calls grantless operations only. */
  readonly refreshToken?: string | undefined;
  readonly region?: Region | undefined;
  /** The one host its credentials go to, when it is not Amazon (an emulator account). */
  readonly endpoint?: string | undefined;
  readonly sandbox?: boolean | undefined;
}

/** Where `--account NAME` looks accounts up; the account vault will be one. */
export interface AccountSource {
  /** The account of this name, or undefined when none is stored. */
  find(name: string): Promise<StoredAccount | undefined>;
}
