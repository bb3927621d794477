export { KEY_FILE, NEXT_KEY_FILE } from './key-file.js';
export {
  formatMasterKey,
  generateMasterKey,
  type MasterKey,
  masterKey,
  parseMasterKey,
} from './master-key.js';
export { type RotateOptions, type RotationResult, reencryptAll, rotateVaultKey } from './rotate-key.js';
export { type SealedValue, seal, unseal } from './seal.js';
export { type KeySource, type OpenVaultOptions, openVault, Vault } from './vault.js';
export { isVaultError, VaultError, type VaultErrorCode } from './vault-error.js';
