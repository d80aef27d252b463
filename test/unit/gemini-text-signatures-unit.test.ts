/** Where signed Gemini parts go back (src/providers/gemini/text-signatures.ts), cut by cut. */
import { describe, expect, it } from 'vitest';
import { signedModelParts, textSignatureBlock } from '../../src/providers/gemini/text-signatures';

const call = (name: string) => ({ functionCall: { name, args: {} } });

describe('signedModelParts', () => {
  it('no signed block: the text as one part, then the calls', () => {
    expect(signedModelParts('Hello', undefined, [call('a')])).toEqual([{ text: 'Hello' }, call('a')]);
    expect(signedModelParts('', [{ type: 'thinking', signature: 'EuYD-anthropic' }], [])).toEqual([]);
  });

  it('a signed middle part is cut out again, the unsigned text around it kept whole', () => {
    const blocks = [textSignatureBlock(6, 11, 0, 'sig-B')];
    expect(signedModelParts('Hello world, bye', blocks, [])).toEqual([
      { text: 'Hello ' },
      { text: 'world', thoughtSignature: 'sig-B' },
      { text: ', bye' },
    ]);
  });

  it('empty signed parts go where they were: in the text, or after the calls that preceded them', () => {
    const blocks = [textSignatureBlock(0, 0, 0, 'sig-thought'), textSignatureBlock(5, 5, 1, 'sig-after-call')];
    expect(signedModelParts('Hello', blocks, [call('a'), call('b')])).toEqual([
      { text: '', thoughtSignature: 'sig-thought' },
      { text: 'Hello' },
      call('a'),
      { text: '', thoughtSignature: 'sig-after-call' },
      call('b'),
    ]);
  });

  it('a range the edited text no longer fits is clamped to it; a signature may hold colons', () => {
    const blocks = [textSignatureBlock(3, 40, 0, 'a:b:c')];
    expect(signedModelParts('Hello', blocks, [])).toEqual([{ text: 'Hel' }, { text: 'lo', thoughtSignature: 'a:b:c' }]);
  });
});
