/**
 * Token vocabulary of the `.role` language.
 *
 * Keywords are *soft*: the lexer only produces `Identifier`, and `lexer.ts` retypes an
 * identifier whose text is a keyword (a map lookup, cheaper than one regex per keyword).
 * Most keywords also belong to the `SoftName` category, so that a keyword can still be
 * used wherever a name is expected — `index` is both a clause keyword and an index
 * privilege, `all` both a scope word and a privilege, `resource.index` an operand path.
 * Only the words that operate inside conditions (`has`, `in`, `like`, `true`, `false`)
 * are reserved, because a name there would be ambiguous.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Category: any identifier or soft keyword. */
export const SoftName = createToken({ name: 'SoftName', pattern: Lexer.NA, label: 'a name' });
/** Category: the six comparison operators. */
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'a comparison operator' });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });
// Comments stay out of the parser's token stream but are kept (group 'comments') for the
// formatter, which puts them back in place.
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments' });
/** Reported as E0104 by lexer.ts, then dropped. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'problems' });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: 'a string',
});
/** A string cut by the end of the line; lexer.ts reports E0102 and retypes it as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
});
export const Integer = createToken({ name: 'Integer', pattern: /-?[0-9]+/, label: 'an integer' });
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [SoftName],
  label: 'a name',
});

function punct(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, label: `'${pattern}'`, categories });
}

export const Eq = punct('Eq', '==', [CompareOp]);
export const Neq = punct('Neq', '!=', [CompareOp]);
export const Le = punct('Le', '<=', [CompareOp]);
export const Ge = punct('Ge', '>=', [CompareOp]);
export const Lt = punct('Lt', '<', [CompareOp]);
export const Gt = punct('Gt', '>', [CompareOp]);
/** Not part of the language: lexer.ts reports E0124 and retypes it as `==`. */
export const SingleEquals = createToken({ name: 'SingleEquals', pattern: '=' });
export const AndAnd = punct('AndAnd', '&&');
export const OrOr = punct('OrOr', '||');
export const Bang = punct('Bang', '!');
export const LCurly = punct('LCurly', '{');
export const RCurly = punct('RCurly', '}');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const Comma = punct('Comma', ',');
export const Semicolon = punct('Semicolon', ';');
export const Colon = punct('Colon', ':');
export const Dot = punct('Dot', '.');
export const Question = punct('Question', '?');

function keyword(word: string, soft = true): TokenType {
  const name = 'Kw_' + word;
  return createToken({ name, pattern: Lexer.NA, label: `'${word}'`, categories: soft ? [SoftName] : [] });
}

export const Schema = keyword('schema');
export const Role = keyword('role');
export const Includes = keyword('includes');
export const Description = keyword('description');
export const Metadata = keyword('metadata');
export const Where = keyword('where');
export const Cluster = keyword('cluster');
export const Index = keyword('index');
export const Except = keyword('except');
export const Privileges = keyword('privileges');
export const Fields = keyword('fields');
export const Grant = keyword('grant');
export const Documents = keyword('documents');
export const RunAs = keyword('run_as');
export const Application = keyword('application');
export const Resources = keyword('resources');
export const Deny = keyword('deny');
export const For = keyword('for');
export const When = keyword('when');
export const Unless = keyword('unless');
export const Cloud = keyword('cloud');
export const On = keyword('on');
export const Deployment = keyword('deployment');
export const Deployments = keyword('deployments');
export const Organization = keyword('organization');
export const All = keyword('all');
export const User = keyword('user');
export const ApiKey = keyword('api_key');
export const Group = keyword('group');
export const Roles = keyword('roles');
export const Mapping = keyword('mapping');
export const Assign = keyword('assign');
export const Assert = keyword('assert');
export const Never = keyword('never');
export const Always = keyword('always');
// Reserved: these operate inside conditions.
export const Has = keyword('has', false);
export const In = keyword('in', false);
export const Like = keyword('like', false);
export const True = keyword('true', false);
export const False = keyword('false', false);

export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(
  [
    Schema, Role, Includes, Description, Metadata, Where, Cluster, Index, Except, Privileges,
    Fields, Grant, Documents, RunAs, Application, Resources, Deny, For, When, Unless, Cloud,
    On, Deployment, Deployments, Organization, All, User, ApiKey, Group, Roles, Mapping,
    Assign, Assert, Never, Always, Has, In, Like, True, False,
  ].map((t) => [t.name.slice('Kw_'.length), t]),
);

/** Patterns the lexer tries, in order (first match wins, so longer operators first). */
export const LEXER_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment, StringLiteral, UnterminatedString,
  Integer, Identifier, Eq, Neq, Le, Ge, Lt, Gt, SingleEquals, AndAnd, OrOr, Bang, LCurly, RCurly, LParen,
  RParen, LBracket, RBracket, Comma, Semicolon, Colon, Dot, Question,
];

/** Everything the parser may see. */
export const ALL_TOKENS: TokenType[] = [
  SoftName, CompareOp, ...LEXER_TOKENS.filter((t) => t !== UnterminatedString && t !== SingleEquals), ...KEYWORDS.values(),
];
