export { BackupError, type BackupErrorCode, isBackupError } from './backup-error.js';
export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  NOT_BACKED_UP,
} from './backup-format.js';
export { type RestoreOptions, type RestoreSummary, restoreBackup } from './restore-backup.js';
export { backupTables, type CatalogTable } from './table-catalog.js';
export { type BackupSummary, writeBackup } from './write-backup.js';
