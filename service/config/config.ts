import { z } from 'zod';
import { parseAllowList } from '../domain/webhooks/target-policy.js';

/** Default bound of each store's tile cache (`TILE_CACHE_BYTES`). */
export const DEFAULT_TILE_CACHE_BYTES = 32_000_000;

const intFrom = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Environment variables the service reads, with defaults that serve the embedded demo. */
const envSchema = z.object({
  PORT: intFrom(8080, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  /** Serve `/metrics` on this port (same host) instead of on the API port; unset: on the API port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Dataset folder loaded into the in-memory store (ignored when DATABASE_URL is set). */
  DATASET_DIR: z.string().default('seeds/demo'),
  /** Most addresses the embedded (memory) store accepts; a larger dataset is refused with a pointer to PostGIS. */
  MEMORY_MAX_ADDRESSES: intFrom(1_000_000, 1, 100_000_000),
  /** Folder holding model versions and the `current` pointer file. */
  MODELS_DIR: z.string().default('models'),
  /** A model version to serve instead of the one named in `models/current`. */
  MODEL_VERSION: z.string().optional(),
  /** Folder with the built viewer. */
  VIEWER_DIR: z.string().default('viewer/dist'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Maximum JSON request body in bytes. */
  BODY_LIMIT_BYTES: intFrom(5_000_000, 1_000, 100_000_000),
  /** Maximum rows in one `POST /v1/score` batch. */
  MAX_BATCH_ROWS: intFrom(10_000, 1, 1_000_000),
  /** Rows per ONNX call; between chunks the event loop is released so one batch cannot stall others. */
  SCORE_CHUNK_ROWS: intFrom(1_000, 1, 100_000),
  /** Maximum length of the address search query. */
  MAX_QUERY_LENGTH: intFrom(100, 10, 1_000),
  /** Counts below this are suppressed in public area output. */
  SUPPRESS_BELOW: intFrom(10, 1, 1_000),
  /** Survey plans (`POST /v1/plans`) with a budget in euros: the cost of one foundation survey … */
  PLAN_COST_PER_SURVEY: intFrom(1_500, 0, 1_000_000),
  /** … and the extra cost of each block surveyed (mobilisation, permits, one report per block). */
  PLAN_COST_PER_BLOCK: intFrom(500, 0, 1_000_000),
  /** Milliseconds to let in-flight requests finish on SIGTERM. */
  SHUTDOWN_GRACE_MS: intFrom(10_000, 0, 600_000),
  DATABASE_URL: z.string().url().optional(),
  /** Read replicas, one or more URLs comma-separated: lookups, search and tiles go to them; DATABASE_URL keeps loads and writes. */
  DATABASE_READ_URL: z
    .string()
    .optional()
    .refine(
      (v) =>
        v === undefined ||
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((u) => URL.canParse(u)),
      'expected one or more URLs, comma-separated',
    ),
  /** Maximum PostgreSQL connections per process. */
  DB_POOL_MAX: intFrom(10, 1, 1_000),
  /** Server-side limit for every store query, in milliseconds. */
  DB_STATEMENT_TIMEOUT_MS: intFrom(5_000, 100, 600_000),
  /** Limit for opening (or waiting for) a database connection, in milliseconds. */
  DB_CONNECT_TIMEOUT_MS: intFrom(3_000, 100, 120_000),
  /** Apply pending migrations at start-up (a database that is down does not stop the start). */
  DB_MIGRATE_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Addresses read, scored and written per batch by `db:load`. */
  DB_LOAD_BATCH_ROWS: intFrom(10_000, 100, 1_000_000),
  /** Hashed API keys when there is no DATABASE_URL (JSON file; its folder is git-ignored by default). */
  ACCESS_FILE: z.string().min(1).default('.data/access.json'),
  /** The append-only audit log when there is no DATABASE_URL (JSON lines). */
  AUDIT_FILE: z.string().min(1).default('.data/audit.jsonl'),
  /** Audit entries older than this many days are removed. */
  AUDIT_RETENTION_DAYS: intFrom(365, 1, 3_650),
  /** A running service re-reads the key list at most this often (ms); added or revoked keys count within it. */
  KEY_REFRESH_MS: intFrom(2_000, 100, 5_000),
  /** Requests per minute per IP address without a key (in memory, per process). */
  RATE_LIMIT_ANON_PER_MIN: intFrom(300, 1, 1_000_000),
  /** Requests per minute per key (in memory, per process). */
  RATE_LIMIT_KEY_PER_MIN: intFrom(3_000, 1, 10_000_000),
  /** Rows of one `POST /v1/score?explain=true` request. */
  MAX_EXPLAIN_ROWS: intFrom(1_000, 1, 100_000),
  /** Time to receive a request's headers (ms). */
  HEADERS_TIMEOUT_MS: intFrom(10_000, 1_000, 10_000),
  /** Time to receive a whole request (ms). */
  REQUEST_TIMEOUT_MS: intFrom(30_000, 1_000, 30_000),
  /** On synthetic data without keys, create a demo inspector key at start-up and log a sign-in link. */
  DEMO_KEY: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Origins the viewer may also fetch from and show images of (e.g. a basemap's tile server), space-separated. */
  CSP_EXTRA_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(/\s+/).filter((o) => o.length > 0))
    .pipe(
      z.array(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i, 'each origin is scheme://host[:port], e.g. https://service.pdok.nl')),
    ),
  /** OpenID Connect: accept bearer tokens from this issuer (with OIDC_JWKS_URL). */
  OIDC_ISSUER: z.string().min(1).optional(),
  /** The issuer's JWKS URL. */
  OIDC_JWKS_URL: z.string().url().optional(),
  /** Expected token audience, when set. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** The token claim holding the role (planner, inspector, admin or system). */
  OIDC_ROLE_CLAIM: z.string().min(1).default('role'),
  /** Bound of each store's cache of encoded vector tiles, in bytes (least recently used evicted first; 0 = no cache). */
  TILE_CACHE_BYTES: intFrom(DEFAULT_TILE_CACHE_BYTES, 0, 4_000_000_000),
  /** PostGIS: how long cached dataset info, street names and buurt tiles are trusted before the loaded dataset's stamp is checked again, in ms. */
  DB_VERSION_CHECK_MS: intFrom(1_000, 0, 600_000),
  /** The URL clients reach the service at (e.g. https://risico.example.nl behind a TLS proxy), for absolute links in OGC API, TileJSON and style answers; unset: the request's scheme and Host. */
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^?#]*[^/?#]$/, 'PUBLIC_URL must be an http(s) URL without a trailing slash, query or fragment')
    .optional(),
  /** Field records (surveys, measured inputs) without a DATABASE_URL; default: `.field-records.jsonl` in DATASET_DIR. */
  SURVEYS_FILE: z.string().min(1).optional(),
  /** How often a running service checks `models/current` and switches to a newly promoted model (ms); 0 = never. */
  MODEL_WATCH_MS: intFrom(2_000, 0, 3_600_000),
  /** Where webhooks may be sent: host names, *.domain suffixes, IP addresses and CIDR ranges (internal addresses only when listed); empty: nowhere. */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      try {
        parseAllowList(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
      }
    }),
  /** Attempts per webhook delivery before it is marked failed. */
  WEBHOOK_MAX_ATTEMPTS: intFrom(10, 1, 100),
  /** Wait after a delivery's first failed attempt (ms); it doubles after each further one, up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: intFrom(5_000, 10, 3_600_000),
  WEBHOOK_RETRY_MAX_MS: intFrom(3_600_000, 10, 86_400_000),
  /** Time for one delivery attempt (ms). */
  WEBHOOK_TIMEOUT_MS: intFrom(10_000, 100, 120_000),
  /** Pending deliveries one subscription may have before further events for it are recorded as failed. */
  WEBHOOK_MAX_PENDING: intFrom(1_000, 1, 1_000_000),
  /** Webhook subscriptions and deliveries without a DATABASE_URL; default: `.webhooks.jsonl` in DATASET_DIR. */
  WEBHOOKS_FILE: z.string().min(1).optional(),
});

/** The service configuration: typed, frozen, parsed once in the composition root. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly metricsPort: number | undefined;
  readonly datasetDir: string;
  readonly modelsDir: string;
  readonly modelVersion: string | undefined;
  readonly viewerDir: string;
  readonly logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
  readonly bodyLimitBytes: number;
  readonly maxBatchRows: number;
  readonly scoreChunkRows: number;
  readonly maxQueryLength: number;
  readonly suppressBelow: number;
  /** Default euro costs of a plan's survey and block (see `POST /v1/plans`). */
  readonly planCosts: { perSurvey: number; perBlock: number };
  readonly shutdownGraceMs: number;
  readonly databaseUrl: string | undefined;
  readonly dbPoolMax: number;
  readonly dbStatementTimeoutMs: number;
  readonly dbConnectTimeoutMs: number;
  readonly dbMigrateOnStart: boolean;
  readonly dbLoadBatchRows: number;
  readonly accessFile: string;
  readonly auditFile: string;
  readonly auditRetentionDays: number;
  readonly keyRefreshMs: number;
  readonly rateLimitAnonPerMin: number;
  readonly rateLimitKeyPerMin: number;
  readonly maxExplainRows: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly demoKey: boolean;
  readonly cspExtraOrigins: readonly string[];
  /** OpenID Connect settings, or null when OIDC_ISSUER / OIDC_JWKS_URL are not both set. */
  readonly oidc: { issuer: string; jwksUrl: string; audience: string | null; roleClaim: string } | null;
  readonly tileCacheBytes: number;
  readonly dbVersionCheckMs: number;
  readonly memoryMaxAddresses: number;
  /** `DATABASE_READ_URL` split at commas (empty: reads go to DATABASE_URL). */
  readonly databaseReadUrls: readonly string[];
  /** PUBLIC_URL, or null: links are then made from each request's scheme and Host. */
  readonly publicUrl: string | null;
  readonly surveysFile: string | undefined;
  readonly modelWatchMs: number;
  /** Change notifications (see `service/domain/webhooks/`). */
  readonly webhooks: {
    readonly allowedHosts: string;
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly timeoutMs: number;
    readonly maxPending: number;
  };
  readonly webhooksFile: string | undefined;
}

/** Thrown when the environment holds an invalid setting; names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the configuration from an environment-like object (pass `process.env` from the entry point). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    metricsPort: e.METRICS_PORT,
    datasetDir: e.DATASET_DIR,
    modelsDir: e.MODELS_DIR,
    modelVersion: e.MODEL_VERSION,
    viewerDir: e.VIEWER_DIR,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxBatchRows: e.MAX_BATCH_ROWS,
    scoreChunkRows: e.SCORE_CHUNK_ROWS,
    maxQueryLength: e.MAX_QUERY_LENGTH,
    suppressBelow: e.SUPPRESS_BELOW,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbMigrateOnStart: e.DB_MIGRATE_ON_START,
    dbLoadBatchRows: e.DB_LOAD_BATCH_ROWS,
    accessFile: e.ACCESS_FILE,
    auditFile: e.AUDIT_FILE,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    keyRefreshMs: e.KEY_REFRESH_MS,
    rateLimitAnonPerMin: e.RATE_LIMIT_ANON_PER_MIN,
    rateLimitKeyPerMin: e.RATE_LIMIT_KEY_PER_MIN,
    maxExplainRows: e.MAX_EXPLAIN_ROWS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    demoKey: e.DEMO_KEY,
    cspExtraOrigins: e.CSP_EXTRA_ORIGINS,
    oidc:
      e.OIDC_ISSUER && e.OIDC_JWKS_URL
        ? { issuer: e.OIDC_ISSUER, jwksUrl: e.OIDC_JWKS_URL, audience: e.OIDC_AUDIENCE ?? null, roleClaim: e.OIDC_ROLE_CLAIM }
        : null,
    tileCacheBytes: e.TILE_CACHE_BYTES,
    dbVersionCheckMs: e.DB_VERSION_CHECK_MS,
    memoryMaxAddresses: e.MEMORY_MAX_ADDRESSES,
    databaseReadUrls: (e.DATABASE_READ_URL ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    publicUrl: e.PUBLIC_URL ?? null,
    planCosts: { perSurvey: e.PLAN_COST_PER_SURVEY, perBlock: e.PLAN_COST_PER_BLOCK },
    surveysFile: e.SURVEYS_FILE,
    modelWatchMs: e.MODEL_WATCH_MS,
    webhooks: Object.freeze({
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxPending: e.WEBHOOK_MAX_PENDING,
    }),
    webhooksFile: e.WEBHOOKS_FILE,
  });
}
