import { createConnection } from 'mysql2/promise';

/** Jest loads this file outside the ESM test graph, so it imports no project module. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || url.startsWith('sqlite:')) return;
  const parsed = new URL(url);
  const connection = await createConnection({
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  });
  await connection.query(
    `CREATE DATABASE IF NOT EXISTS \`${parsed.pathname.slice(1)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await connection.end();
}
