import fs from 'node:fs';
import type { Command } from 'commander';
import { openDatabase } from '../../../packages/storage/database.ts';
import { createServices } from '../../../packages/core/services.ts';
import { buildApp, openapiDocument } from '../../server/app.ts';

/** The OpenAPI document as committed: stable JSON with a trailing newline. */
export async function renderOpenapi(): Promise<string> {
  const database = openDatabase({ sqliteFile: ':memory:' });
  const { app } = await buildApp({ services: createServices(database) });
  const doc = openapiDocument(app);
  await app.close();
  await database.close();
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function registerOpenapi(program: Command) {
  program
    .command('openapi')
    .description('Write the OpenAPI 3 document generated from the contracts / 生成 OpenAPI 文档')
    .option('-o, --out <file>', 'output file (stdout when absent)')
    .action(async (o: { out?: string }) => {
      const text = await renderOpenapi();
      if (o.out) fs.writeFileSync(o.out, text);
      else process.stdout.write(text);
    });
}
