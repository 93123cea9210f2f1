/**
 * One-line error messages for the parser, phrased in the language's terms ("expected a
 * role clause or '}'") rather than Chevrotain's token names. Codes are attached later
 * (index.ts) from the exception kind.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { RCurly } from './tokens.ts';

/** What may appear inside the braces of each block rule. */
const BODY: Record<string, string> = {
  schemaDecl: 'a schema block (user, document, context)',
  schemaBlock: 'an attribute declaration (name: Type)',
  roleDecl: 'a role clause (description, metadata, where, cluster, index, run_as, application)',
  indexClause: 'an index clause (privileges, fields, documents)',
  applicationClause: 'privileges or resources',
  denyDecl: 'a deny target (index, cluster, run_as, application, cloud) or when/unless',
  mappingDecl: 'roles or when',
  metadataClause: 'a metadata entry (key: value)',
};

/** What an alternation in each rule chooses between. */
const CHOICE: Record<string, string> = {
  file: 'a declaration (schema, role, deny, user, api_key, group, mapping, assign)',
  primary: 'an expression (a name, string, integer, true, false, [set], or parenthesised condition)',
  literal: 'a literal (string, integer, true or false)',
  metadataEntry: 'a metadata key (name or string)',
  privilege: 'a privilege (name or string)',
  assignDecl: "a scope: 'organization', 'all deployments' or 'deployment \"NAME\"'",
  indexClause: "'{' or 'privileges'",
  denyDecl: "'role' or 'user'",
  denyCondition: "'when' or 'unless'",
  assignmentDecl: "'user', 'api_key' or 'group'",
};

export const DECLARATION = CHOICE.file!;

export function describeToken(t: IToken): string {
  if (t.tokenType === EOF) return 'end of file';
  const image = t.image.length > 30 ? t.image.slice(0, 27) + '...' : t.image;
  return `'${image}'`;
}

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function firstTokens(paths: TokenType[][]): string {
  const names = [...new Set(paths.filter((p) => p.length > 0).map((p) => label(p[0]!)))];
  return names.length <= 1 ? (names[0] ?? 'something else') : 'one of ' + names.join(', ');
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const what = expected === RCurly && BODY[ruleName] ? `${BODY[ruleName]} or '}'` : label(expected);
    return `expected ${what}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${DECLARATION}, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = CHOICE[ruleName] ?? firstTokens(expectedPathsPerAlt.flat());
    return `expected ${what}, found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const what = CHOICE[ruleName] ?? firstTokens(expectedIterationPaths);
    return `expected ${what}, found ${describeToken(actual[0]!)}`;
  },
};
