/**
 * Embedded PGlite served over the PostgreSQL wire protocol on 127.0.0.1, so
 * that the application keeps one query path (postgres.js) in every run mode.
 *
 * @module
 */
import { type Extensions, PGlite } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** A running PGlite with its socket endpoint. */
export interface PgliteServer {
  /** The PGlite instance (for `listen`, which does not work through the socket). */
  pg: PGlite;
  /** postgres:// URL of the socket server. */
  url: string;
  /** Stop the socket server and close PGlite. */
  close(): Promise<void>;
}

/**
 * Start PGlite (on disk at `dataDir`, or in memory when undefined) with the
 * extensions our bootstrap and migrations use, and serve it on a free port.
 * The socket server shares one session between clients, hence one connection.
 * `extraExtensions` adds PGlite extension bundles (tests load pgTAP this way);
 * `loadDataDir` starts from a `dumpDataDir()` tarball (test templates).
 */
export async function startPglite(
  dataDir?: string,
  extraExtensions: Extensions = {},
  loadDataDir?: Blob,
): Promise<PgliteServer> {
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create({
    dataDir,
    loadDataDir,
    extensions: { citext, pgcrypto, pg_trgm, uuid_ossp, ...extraExtensions },
  });
  const server = new PGLiteSocketServer({
    db: pg,
    host: "127.0.0.1",
    port: 0,
    maxConnections: 1,
  });
  await server.start();
  const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
  return {
    pg,
    url,
    async close() {
      await server.stop();
      await pg.close();
    },
  };
}
