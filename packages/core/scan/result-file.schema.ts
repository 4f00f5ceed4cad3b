/**
 * The structure of an offline result file (`zb-scan/1`), validated before
 * any of it is used. Every string and list is bounded; unknown members are
 * refused so that nothing unsigned-for can ride along.
 */
import { z } from 'zod';
import { INVENTORY_FORMATS, type NormalizedInventory } from '../inventory/inventory.types.ts';

export const RESULT_FILE_FORMAT = 'zb-scan/1';
/** A result file larger than this is refused unread (a big Windows machine gives ~2 MB). */
export const RESULT_FILE_MAX_BYTES = 32 * 1024 * 1024;
export const RESULT_FILE_MAX_SOFTWARE = 100_000;

const text = (max = 1000) => z.string().max(max);
const nText = (max = 1000) => text(max).nullable();
const isoDateTime = z.iso.datetime({ offset: true });

const softwareSchema = z.strictObject({
  name: z.string().min(1).max(4000),
  version: nText(),
  publisher: nText(),
  arch: nText(100),
  installDate: z.iso.date().nullable(),
  source: nText(100),
  guid: nText(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  systemCategory: nText(),
});

const hardwareSchema = z.strictObject({
  hostname: nText(),
  uuid: nText(100),
  serial: nText(),
  macs: z.array(text(100)).max(256),
  agentDeviceId: nText(),
  manufacturer: nText(),
  model: nText(),
  osName: nText(),
  osVersion: nText(),
  osArch: nText(100),
  domain: nText(),
  lastUser: nText(),
  cpu: nText(),
  memoryMb: z.number().int().nonnegative().nullable(),
});

export const inventorySchema = z.strictObject({
  format: z.enum(INVENTORY_FORMATS),
  agent: nText(),
  tag: nText(),
  hardware: hardwareSchema,
  software: z.array(softwareSchema).max(RESULT_FILE_MAX_SOFTWARE),
  partial: z.boolean(),
  softwareIncluded: z.boolean(),
  collectedAt: isoDateTime.nullable(),
}) satisfies z.ZodType<NormalizedInventory>;

/** The signature block. Its contents are checked by verifyResultFile, not here, for precise reasons. */
export const signatureSchema = z.strictObject({
  alg: text(32),
  keyId: text(64),
  publicKey: text(200),
  signer: text(200),
  value: text(200),
});

export const resultFileSchema = z.strictObject({
  format: z.literal(RESULT_FILE_FORMAT),
  collectedAt: isoDateTime,
  collector: z.strictObject({
    version: text(100),
    platform: text(100),
    collectors: z.array(text(100)).max(100),
    warnings: z.array(text(2000)).max(1000),
  }),
  inventory: inventorySchema,
  signature: signatureSchema.optional(),
});

export type ResultSignature = z.infer<typeof signatureSchema>;
export type ResultFile = z.infer<typeof resultFileSchema>;
