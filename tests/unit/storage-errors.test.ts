import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src-main/domain/errors';
import {
  asUserFacing,
  classifyError,
  StorageFailure,
  toUserFacingError,
} from '../../src-main/storage/errors';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('storage error kinds', () => {
  it.each([
    ['SQLITE_BUSY', 'busy', 'STORAGE_BUSY'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy', 'STORAGE_BUSY'],
    ['SQLITE_LOCKED', 'busy', 'STORAGE_BUSY'],
    ['SQLITE_FULL', 'full', 'STORAGE_FULL'],
    ['ENOSPC', 'full', 'STORAGE_FULL'],
    ['SQLITE_CORRUPT', 'corrupt', 'STORAGE_CORRUPT'],
    ['SQLITE_NOTADB', 'corrupt', 'STORAGE_CORRUPT'],
    ['SQLITE_CONSTRAINT_CHECK', 'constraint', 'CONFLICT'],
    ['SQLITE_READONLY', 'read_only', 'STORAGE_READ_ONLY'],
    ['EROFS', 'read_only', 'STORAGE_READ_ONLY'],
    ['EACCES', 'read_only', 'STORAGE_READ_ONLY'],
    ['SQLITE_IOERR_WRITE', 'internal', 'INTERNAL'],
    ['SQLITE_ERROR', 'internal', 'INTERNAL'],
  ])('%s is %s and reaches the trader as %s', (code, kind, userCode) => {
    const classified = classifyError(coded(code));
    expect(classified).toMatchObject({ kind, code });
    const userFacing = toUserFacingError(classified);
    expect(userFacing.code).toBe(userCode);
    expect(userFacing.message).not.toContain(code);
  });

  it('keeps the sentence a thrower wrote, and passes UserFacingError through', () => {
    const failure = new StorageFailure(
      'too_new',
      'user_version 9 > 1',
      'Update Premia to open it.',
    );
    expect(asUserFacing(failure)).toMatchObject({
      code: 'STORAGE_TOO_NEW',
      message: 'Update Premia to open it.',
    });
    const bad = new UserFacingError('BAD_INPUT', 'nope');
    expect(asUserFacing(bad)).toBe(bad);
    expect(asUserFacing(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL' });
  });

  it('serializes to plain data that survives a structured clone', () => {
    const classified = classifyError(
      new StorageFailure('not_found', 'run 4', 'Scan 4 does not exist.'),
    );
    expect(structuredClone(classified)).toEqual({
      kind: 'not_found',
      message: 'run 4',
      userMessage: 'Scan 4 does not exist.',
    });
  });
});
