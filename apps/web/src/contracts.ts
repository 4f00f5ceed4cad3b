/**
 * The one door from the web app to the shared API contracts: schemas,
 * enums, labels, error codes and the USCC check. The web never imports
 * server, core or storage code.
 */
export * from '../../../packages/contracts/index.ts';
