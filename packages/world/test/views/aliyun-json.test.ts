// The aliyun CLI's response layout (aliyun-cli openapi/commando.go `sortJSON`, and the cases of
// its own Test_processInvoke): keys sorted, one tab per level, `"key": value`, HTML characters
// left alone, empty objects and lists inline, one trailing newline (cli.Println).

import { describe, expect, it } from 'vitest';
import { formatAliyunCliJson } from '../../src/views/aliyun-json.js';

describe('formatAliyunCliJson', () => {
  const cases: Array<{ name: string; body: unknown; printed: string }> = [
    { name: 'keys sorted whatever the API order (aliyun-cli\'s own case)',
      body: { requestid: 'test', name: 'json' },
      printed: '{\n\t"name": "json",\n\t"requestid": "test"\n}\n' },
    { name: 'no HTML escaping (aliyun-cli\'s own case)', body: { downloadlink: 'aaa&bbb' },
      printed: '{\n\t"downloadlink": "aaa&bbb"\n}\n' },
    { name: 'nested lists and objects, one tab per level, empty ones inline',
      body: { RequestId: 'R', Sets: { Set: [{ B: 1, A: true }, {}] }, Empty: [] },
      printed: '{\n\t"Empty": [],\n\t"RequestId": "R",\n\t"Sets": {\n\t\t"Set": [\n\t\t\t{\n' +
        '\t\t\t\t"A": true,\n\t\t\t\t"B": 1\n\t\t\t},\n\t\t\t{}\n\t\t]\n\t}\n}\n' },
    { name: 'Go escapes U+2028 and U+2029 and control characters', body: { s: 'a\u2028b\nc\u0001' },
      printed: '{\n\t"s": "a\\u2028b\\nc\\u0001"\n}\n' },
  ];
  it.each(cases)('$name', ({ body, printed }) => {
    expect(formatAliyunCliJson(body)).toBe(printed);
  });
});
