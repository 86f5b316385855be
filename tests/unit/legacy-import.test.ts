import { describe, expect, it } from 'vitest';
import { parseLegacyCredentials } from '../../src-main/vault/legacy-import';

const GOOD = [
  '# written by the old scanner',
  '[DEFAULT]',
  'API_KEY = abcd1234efgh5678',
  'ACCESS_TOKEN: "Tok3nValue99"',
  'api_secret = s3cretS3cretS3cret',
  'LAST_LOGIN = 2024-01-01',
  '',
  '[other]',
  'API_KEY = ignoredvalue',
].join('\r\n');

describe('legacy kite_credentials.conf', () => {
  it('reads API_KEY, ACCESS_TOKEN and API_SECRET from [DEFAULT], any case, = or :, quoted or not', () => {
    expect(parseLegacyCredentials(GOOD, 'kite_credentials.conf')).toEqual({
      apiKey: 'abcd1234efgh5678',
      accessToken: 'Tok3nValue99',
      apiSecret: 's3cretS3cretS3cret',
      ignoredKeys: ['LAST_LOGIN'],
    });
  });

  it('accepts a file without a secret or token', () => {
    expect(parseLegacyCredentials('[DEFAULT]\nAPI_KEY=abcd1234\n', 'f')).toMatchObject({
      apiKey: 'abcd1234',
      apiSecret: null,
      accessToken: null,
    });
  });

  it.each([
    ['API_KEY = abcd1234\n', /line 1: "API_KEY" comes before any \[DEFAULT\]/],
    ['[DEFAULT]\nAPI_KEY abcd1234\n', /line 2: expected "KEY = value"/],
    ['[DEFAULT]\nAPI_KEY = abcd1234\nAPI_KEY = efgh5678\n', /line 3: API_KEY is given twice/],
    ['[DEFAULT]\nAPI_KEY = \n', /line 2: API_KEY is empty/],
    [
      '[DEFAULT]\nAPI_KEY = abcd1234\nACCESS_TOKEN = has spaces in it\n',
      /line 3: ACCESS_TOKEN is not valid/,
    ],
    ['[DEFAULT\nAPI_KEY = abcd1234\n', /line 1: broken section header/],
    ['[DEFAULT]\nAPI_KEY = abcd1234\n  continued\n', /line 3: indented line/],
    ['[DEFAULT]\nACCESS_TOKEN = abcd1234\n', /no API_KEY in its \[DEFAULT\] section/],
    ['[kite]\nAPI_KEY = abcd1234\n', /no API_KEY/],
    ['\u0000\u0001binary', /not a text file/],
  ])('refuses %j naming the problem', (text, message) => {
    expect(() => parseLegacyCredentials(text, 'kite_credentials.conf')).toThrow(message);
  });
});
