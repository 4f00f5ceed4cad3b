import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LIMITS,
  answersBody,
  confirmProposalBody,
  findingBody,
  findingListQuery,
  findingSchema,
  followUpBody,
  idSchema,
  inspectionProposalSchema,
  planBody,
  planDetailSchema,
  planListQuery,
  planSchema,
  proposeBody,
  questionnaireBody,
  questionnaireSchema,
  sampleBody,
  sampleSchema,
  scanSchema,
} from '../../../packages/contracts/index.ts';
import { AppError } from '../../../packages/core/errors.ts';
import { gatherInspectionReport, inspectionReportNames, inspectionReportPdf } from '../../../packages/core/inspection/inspection.report.ts';
import { RESULT_FILE_MAX_BYTES } from '../../../packages/core/scan/result-file.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** A scan result file upload is bounded by the smaller of the result-file and the upload limits. */
const SCAN_MAX_BYTES = Math.min(RESULT_FILE_MAX_BYTES, LIMITS.uploadBytes);

/** Supervision inspections (督查): plans, the on-site sample, scans, findings and follow-up, questionnaires, special-inspection proposals, the report. */
export function inspectionRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const planParams = z.object({ planId: idSchema });
  const tags = ['inspection'];

  // ——— plans ———
  r.get('/api/inspections', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'Inspection plans I may see (inspectors: the plans they are assigned to)', querystring: planListQuery, response: { 200: z.object({ items: z.array(planSchema) }) } },
    handler: async (req) => ({ items: await s.inspection.list(actorOf(req), req.query) }),
  });
  r.post('/api/inspections', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Creates a plan: type, month, target regions, sample sizes, inspectors (national office)', body: planBody, response: { 201: planDetailSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.inspection.create(actorOf(req), req.body)),
  });
  r.get('/api/inspections/:planId', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'One plan, with what the caller may do on it', params: planParams, response: { 200: planDetailSchema } },
    handler: async (req) => s.inspection.get(actorOf(req), req.params.planId),
  });
  r.put('/api/inspections/:planId', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Edits a plan (the sample-defining fields are fixed once sampled)', params: planParams, body: planBody, response: { 200: planDetailSchema } },
    handler: async (req) => s.inspection.update(actorOf(req), req.params.planId, req.body),
  });
  r.post('/api/inspections/:planId/confirm', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Confirms a draft plan; the assigned inspectors are told', params: planParams, response: { 200: planDetailSchema } },
    handler: async (req) => s.inspection.confirm(actorOf(req), req.params.planId),
  });
  r.post('/api/inspections/:planId/close', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Closes a plan', params: planParams, response: { 200: planDetailSchema } },
    handler: async (req) => s.inspection.close(actorOf(req), req.params.planId),
  });
  r.get('/api/inspections/:planId/report.pdf', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'The inspection report (督查报告) as PDF', params: planParams },
    handler: async (req, reply) => {
      const data = await gatherInspectionReport(s.inspection, actorOf(req), req.params.planId);
      const names = inspectionReportNames(data);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${names.ascii}"; filename*=UTF-8''${encodeURIComponent(names.utf8)}`)
        .send(await inspectionReportPdf(data));
    },
  });

  // ——— on-site ———
  r.post('/api/inspections/:planId/sample', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Draws and records the stratified sample (same seed → same sample)', params: planParams, body: sampleBody, response: { 200: sampleSchema } },
    handler: async (req) => s.inspection.sample(actorOf(req), req.params.planId, req.body.seed),
  });
  r.get('/api/inspections/:planId/sample', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'The sampled organizations and computers I may see', params: planParams, response: { 200: sampleSchema } },
    handler: async (req) => s.inspection.sampleView(actorOf(req), req.params.planId),
  });
  r.get('/api/inspections/:planId/scans', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'Uploaded scan files with their on-the-spot evaluation', params: planParams, querystring: z.object({ orgId: idSchema.optional() }), response: { 200: z.object({ items: z.array(scanSchema) }) } },
    handler: async (req) => ({ items: await s.inspection.scans(actorOf(req), req.params.planId, req.query.orgId) }),
  });
  r.post('/api/inspections/:planId/orgs/:orgId/scans', {
    config: { access: { action: 'inspection.conduct' } },
    schema: {
      tags,
      summary: 'Uploads a signed `zb scan` result file (multipart field `file`) of a sampled organization; verified, evaluated on the spot, findings recorded',
      consumes: ['multipart/form-data'],
      params: planParams.extend({ orgId: idSchema }),
      response: { 201: scanSchema },
    },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE');
      const part = await req.file({ limits: { fileSize: SCAN_MAX_BYTES, files: 1 } });
      if (!part) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', key: 'required' }] });
      const data = await part.toBuffer();
      return reply.code(201).send(await s.inspection.uploadScan(actorOf(req), req.params.planId, req.params.orgId, { filename: part.filename || 'scan.json', data }));
    },
  });
  r.get('/api/inspections/:planId/findings', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'Findings I may see, most severe first, with their follow-up', params: planParams, querystring: findingListQuery, response: { 200: z.object({ items: z.array(findingSchema) }) } },
    handler: async (req) => ({ items: await s.inspection.findings(actorOf(req), req.params.planId, req.query) }),
  });
  r.post('/api/inspections/:planId/findings', {
    config: { access: { action: 'inspection.conduct' } },
    schema: { tags, summary: 'Records a finding by hand (assigned inspectors)', params: planParams, body: findingBody, response: { 201: findingSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.inspection.addFinding(actorOf(req), req.params.planId, req.body)),
  });
  // Who may move a finding depends on the move (the service decides): organizations report a fix, inspectors verify it.
  r.post('/api/inspection-findings/:findingId/follow-ups', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'Follows a finding up: rectifying (the organization or its region office), verified or back to open (the plan’s inspectors)', params: z.object({ findingId: idSchema }), body: followUpBody, response: { 200: findingSchema } },
    handler: async (req) => s.inspection.followUp(actorOf(req), req.params.findingId, req.body),
  });

  // ——— written ———
  r.get('/api/inspections/:planId/questionnaire', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'The questionnaire, the answers I may see and the offices that have not answered', params: planParams, response: { 200: questionnaireSchema } },
    handler: async (req) => s.inspection.questionnaire(actorOf(req), req.params.planId),
  });
  r.put('/api/inspections/:planId/questionnaire', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Sets the questions (until sent)', params: planParams, body: questionnaireBody, response: { 200: questionnaireSchema } },
    handler: async (req) => s.inspection.setQuestionnaire(actorOf(req), req.params.planId, req.body),
  });
  r.post('/api/inspections/:planId/questionnaire/send', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Sends the questionnaire to every target region office (inbox)', params: planParams, response: { 200: questionnaireSchema } },
    handler: async (req) => s.inspection.sendQuestionnaire(actorOf(req), req.params.planId),
  });
  r.put('/api/inspections/:planId/answers', {
    config: { access: { action: 'inspection.answer' } },
    schema: { tags, summary: 'Saves the answers of my region office', params: planParams, body: answersBody, response: { 200: questionnaireSchema } },
    handler: async (req) => s.inspection.answer(actorOf(req), req.params.planId, req.body),
  });

  // ——— special ———
  r.get('/api/inspections/:planId/proposal', {
    config: { access: { action: 'inspection.read' } },
    schema: { tags, summary: 'The provinces proposed for a special inspection', params: planParams, response: { 200: inspectionProposalSchema } },
    handler: async (req) => s.inspection.proposal(actorOf(req), req.params.planId),
  });
  r.post('/api/inspections/:planId/proposal', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Ranks the provinces slowest against their campaign deadlines and proposes the first ones', params: planParams, body: proposeBody, response: { 200: inspectionProposalSchema } },
    handler: async (req) => s.inspection.propose(actorOf(req), req.params.planId, req.body.count),
  });
  r.post('/api/inspections/:planId/proposal/confirm', {
    config: { access: { action: 'inspection.write' } },
    schema: { tags, summary: 'Confirms some proposed provinces: they become the plan’s targets', params: planParams, body: confirmProposalBody, response: { 200: inspectionProposalSchema } },
    handler: async (req) => s.inspection.confirmProposal(actorOf(req), req.params.planId, req.body.regionCodes),
  });
}
