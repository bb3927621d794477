export { BOSS_SCHEMA, type OpenBossOptions, openBoss } from './open-boss.js';
