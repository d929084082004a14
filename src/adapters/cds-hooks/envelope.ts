/**
 * The CDS Hooks request envelope (hook, hookInstance, fhirServer, fhirAuthorization, prefetch): a
 * malformed envelope is a 400 naming each field; a partial authorization or an unusable
 * fhirServer is answered anyway, and the cards say what could not be used.
 */
import { problems } from '../../http/problem';
import { FhirIssues, isObject, type JsonObject } from './fhir-read';
import type { HookName } from './fhir/types';
import type { NotAssessed } from './not-assessed';

export interface Envelope {
  hookInstance: string;
  context: unknown;
  prefetch: JsonObject;
  fhirServer?: string;
  accessToken?: string;
  /** What of the envelope could not be used (a partial fhirAuthorization …): said on the cards, never a 400. */
  notes: NotAssessed[];
}

export function readEnvelope(body: unknown, hook: HookName): Envelope {
  const issues = new FhirIssues();
  const notes: NotAssessed[] = [];
  if (!isObject(body))
    throw problems.badRequest('A CDS Hooks request is a JSON object.', [
      { pointer: '', message: 'must be a JSON object' },
    ]);
  if (body.hook !== hook) issues.add('hook', `must be "${hook}" for this service`);
  if (typeof body.hookInstance !== 'string' || body.hookInstance.length === 0 || body.hookInstance.length > 128)
    issues.add('hookInstance', 'is required: a UUID for this hook call');
  let fhirServer: string | undefined;
  if (body.fhirServer !== undefined && body.fhirServer !== null) {
    if (typeof body.fhirServer !== 'string' || body.fhirServer === '')
      notes.push({
        where: 'fhirServer',
        reason: { en: 'fhirServer is not a URL; nothing was fetched.', zh: 'fhirServer 不是有效网址，未获取数据。' },
      });
    else fhirServer = body.fhirServer;
  }
  let accessToken: string | undefined;
  if (body.fhirAuthorization !== undefined && body.fhirAuthorization !== null) {
    const fa = body.fhirAuthorization;
    // Real clients send partial authorizations (no expires_in, scope or subject; an empty token):
    // the hook is still answered, without a token, and the card says so.
    const usable =
      isObject(fa) &&
      typeof fa.access_token === 'string' &&
      fa.access_token !== '' &&
      fa.access_token.length <= 8192 &&
      (fa.token_type === undefined || (typeof fa.token_type === 'string' && fa.token_type.toLowerCase() === 'bearer'));
    if (usable) accessToken = fa.access_token as string;
    else
      notes.push({
        where: 'fhirAuthorization',
        reason: {
          en: 'fhirAuthorization carries no usable bearer access_token; the FHIR server is called without a token.',
          zh: 'fhirAuthorization 中没有可用的访问令牌，访问 FHIR 服务器时不带令牌。',
        },
      });
  }
  let prefetch: JsonObject = {};
  if (body.prefetch !== undefined && body.prefetch !== null) {
    if (!isObject(body.prefetch))
      issues.add('prefetch', 'must be an object of prefetch key → FHIR resource, Bundle or null');
    else prefetch = body.prefetch;
  }
  if (!issues.empty) throw problems.badRequest('The CDS Hooks request envelope is not valid.', issues.errors);
  return {
    hookInstance: body.hookInstance as string,
    context: body.context,
    prefetch,
    ...(fhirServer ? { fhirServer } : {}),
    ...(accessToken ? { accessToken } : {}),
    notes,
  };
}
