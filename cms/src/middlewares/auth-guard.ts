import { isWellFormed, passwordProblem } from '@haven/shared/text';
import type { GuardContext, Next } from '../lib/security/http';
import { bodyObject, refuse, routeKey, routePath } from '../lib/security/http';

/**
 * Checks the body of every route that takes a password or an account name — users-permissions'
 * /api/auth/* and the admin panel's log-in, registration and password routes — before Strapi's
 * controllers see it: it must be a JSON object, the named fields must be text of a sane length,
 * and every password well-formed Unicode of at most PASSWORD_MAX_LENGTH characters. So no request
 * reaches the password hashing with a lone surrogate ("\ud800", which kept bcryptjs busy for
 * seconds) or a megabyte of text, and none crashes the stock controllers with a missing body.
 */
interface RouteRule {
  /** Text fields that must be present. */
  required: string[];
  /** Text fields that may be present. */
  optional?: string[];
  /** What the caller should send, for the message. */
  expects: string;
}

const RULES: Record<string, RouteRule> = {
  'POST /api/auth/local': { required: ['identifier', 'password'], expects: 'identifier and password' },
  'POST /api/auth/local/register': { required: ['username', 'email', 'password'], expects: 'username, email and password' },
  'POST /api/auth/forgot-password': { required: ['email'], expects: 'email' },
  'POST /api/auth/reset-password': { required: ['code', 'password', 'passwordConfirmation'], expects: 'code, password and passwordConfirmation' },
  'POST /api/auth/change-password': { required: ['currentPassword', 'password', 'passwordConfirmation'], expects: 'currentPassword, password and passwordConfirmation' },
  'POST /api/auth/send-email-confirmation': { required: ['email'], expects: 'email' },
  'POST /api/auth/refresh': { required: [], optional: ['refreshToken', 'deviceId'], expects: 'refreshToken' },
  'POST /api/auth/logout': { required: [], optional: ['refreshToken', 'deviceId'], expects: 'nothing or refreshToken' },
  'POST /admin/login': { required: ['email', 'password'], optional: ['deviceId'], expects: 'email and password' },
  'POST /admin/register-admin': { required: ['email', 'firstname', 'password'], optional: ['lastname'], expects: 'email, firstname and password' },
  'POST /admin/register': { required: ['registrationToken'], expects: 'registrationToken and userInfo' },
  'POST /admin/forgot-password': { required: ['email'], expects: 'email' },
  'POST /admin/reset-password': { required: ['resetPasswordToken', 'password'], expects: 'resetPasswordToken and password' },
};

/** Longest account name, email, token or code any of these routes takes. */
const MAX_FIELD_LENGTH = 4096;
/** How far into a body password fields are looked for (admin's `userInfo.password` is at depth 2). */
const PASSWORD_SCAN_DEPTH = 3;

/** Routes whose bodies are scanned for password fields even without a rule: user and admin-user edits. */
function scansPasswords(path: string): boolean {
  return path.startsWith('/api/auth/') || path.startsWith('/api/users') || path.startsWith('/admin/');
}

export default () => async (ctx: GuardContext, next: Next) => {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return next();
  const path = routePath(ctx);
  if (!scansPasswords(path)) return next();
  const rule = RULES[routeKey(ctx)];
  const body = bodyObject(ctx);
  if (rule) {
    const problem = body ? fieldProblem(body, rule) : `Send a JSON object with ${rule.expects}`;
    if (problem) return refuse(ctx, 400, 'ValidationError', problem);
  }
  if (body) {
    const problem = passwordFieldProblem(body, 1);
    if (problem) return refuse(ctx, 400, 'ValidationError', problem);
  }
  await next();
};

function fieldProblem(body: Record<string, unknown>, rule: RouteRule): string | null {
  for (const field of rule.required) {
    if (body[field] === undefined || body[field] === null || body[field] === '') return `${field} is required (send ${rule.expects})`;
  }
  for (const field of [...rule.required, ...(rule.optional ?? [])]) {
    const value = body[field];
    if (value === undefined || field.toLowerCase().includes('password')) continue;
    if (typeof value !== 'string') return `${field} must be text`;
    if (value.length > MAX_FIELD_LENGTH) return `${field} is too long`;
    if (!isWellFormed(value)) return `${field} contains characters that are not valid text`;
  }
  return null;
}

/** Every key that names a password, at any depth up to PASSWORD_SCAN_DEPTH, must hold a good one. */
function passwordFieldProblem(value: Record<string, unknown>, depth: number): string | null {
  for (const [key, field] of Object.entries(value)) {
    if (key.toLowerCase().includes('password')) {
      if (field === undefined || field === null) continue;
      const problem = passwordProblem(field);
      if (problem) return `${key} ${problem}`;
    } else if (field && typeof field === 'object' && !Array.isArray(field) && depth < PASSWORD_SCAN_DEPTH) {
      const problem = passwordFieldProblem(field as Record<string, unknown>, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}
