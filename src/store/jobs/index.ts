export { bossExecutor } from './boss-executor.js';
export { type JobHandler, type JobPool, type JobPoolOptions, startJobPool } from './job-pool.js';
export { BOSS_SCHEMA, type OpenBossOptions, openBoss } from './open-boss.js';
