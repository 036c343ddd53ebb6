import type { Config } from '../../config/config.js';
import type { AccessStore } from '../../ports/access-store.js';
import { poolOptionsOf } from '../postgis/open-store.js';
import { createPool } from '../postgis/pool.js';
import { PostgisAccessStore } from '../postgis/postgis-access-store.js';
import { FileAccessStore } from './file-access-store.js';

/** The access store the config asks for: PostGIS (migration 005) with `DATABASE_URL`, else `ACCESS_FILE` + `AUDIT_FILE`. */
export function openAccessStore(config: Config): AccessStore {
  if (config.databaseUrl) return new PostgisAccessStore(createPool({ ...poolOptionsOf(config), max: 2 }));
  return new FileAccessStore({ keysFile: config.accessFile, auditFile: config.auditFile });
}
