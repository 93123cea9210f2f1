/**
 * The grammar of `.role` files — its single source of truth (grammar/railroad.html and
 * docs/grammar.md are derived from it).
 *
 * Why a CstParser (and not EmbeddedActionsParser): the grammar stays purely declarative
 * (no actions to guard during Chevrotain's recording phase), which keeps it readable and
 * lets the serialized productions drive the railroad diagrams; and with error recovery a
 * CST is simply partial (missing children, `recoveredNode`), which `build-*.ts` walks
 * tolerantly to produce a partial AST. The CST costs little (measured in the tests).
 *
 * The grammar is LL(1) (maxLookahead: 1; Chevrotain verifies it at start-up).
 *
 * Statements are separated by whitespace/newlines; a `;` is allowed (never required)
 * after any declaration or clause. Lists are comma separated, so a list ends where a
 * comma is missing — that is what lets `cluster monitor` be followed by `index …`.
 *
 * The parser instance is a module-level singleton: self-analysis is expensive, parsing
 * is not. parse-tokens.ts resets it for each file (`input = …`); JavaScript is single
 * threaded, so reuse is safe.
 */
import { CstParser, type IOrAlt } from 'chevrotain';
import * as T from './tokens.ts';
import { errorMessages } from './messages.ts';

const MAX_RECOVERY_NESTING = 50;

class RoleParser extends CstParser {
  // Alternatives of each OR, built once: allocating them (and, under esbuild's keepNames,
  // naming every ALT arrow) on each call dominated parse time.
  private alts_file_OR?: IOrAlt<unknown>[];
  private alts_schemaDecl_OR?: IOrAlt<unknown>[];
  private alts_schemaBlock_OR?: IOrAlt<unknown>[];
  private alts_roleDecl_OR?: IOrAlt<unknown>[];
  private alts_metadataClause_OR?: IOrAlt<unknown>[];
  private alts_metadataEntry_OR?: IOrAlt<unknown>[];
  private alts_indexClause_OR?: IOrAlt<unknown>[];
  private alts_applicationClause_OR?: IOrAlt<unknown>[];
  private alts_denyDecl_OR?: IOrAlt<unknown>[];
  private alts_denyDecl_OR2?: IOrAlt<unknown>[];
  private alts_denyCondition_OR?: IOrAlt<unknown>[];
  private alts_assertDecl_OR?: IOrAlt<unknown>[];
  private alts_assertFor_OR?: IOrAlt<unknown>[];
  private alts_assignmentDecl_OR?: IOrAlt<unknown>[];
  private alts_mappingDecl_OR?: IOrAlt<unknown>[];
  private alts_assignDecl_OR?: IOrAlt<unknown>[];
  private alts_assignDecl_OR2?: IOrAlt<unknown>[];
  private alts_privilege_OR?: IOrAlt<unknown>[];
  private alts_literal_OR?: IOrAlt<unknown>[];
  private alts_comparison_OR?: IOrAlt<unknown>[];
  private alts_primary_OR?: IOrAlt<unknown>[];

  constructor() {
    super(T.ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 1,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
    this.boundRepetitionRecovery();
  }

  /**
   * Chevrotain's in-repetition recovery (skip junk inside a `MANY`, then re-enter it) is
   * recursive: every skipped stretch nests one more call, so a file with thousands of
   * junk stretches overflowed the stack. We let it nest MAX_RECOVERY_NESTING deep; beyond
   * that the repetition simply ends, the enclosing rule reports the error, and
   * `parseTokens` restarts after the junk. At the top level it is disabled altogether:
   * there the only resynchronisation point is the end of the file, which Chevrotain
   * searches by scanning the rest of the input for every junk stretch (quadratic);
   * `parseTokens` skips top-level junk itself. (Internal Chevrotain hooks, pinned
   * version; the pathological-input tests fail loudly if they ever stop working.)
   */
  private boundRepetitionRecovery(): void {
    const self = this as unknown as { attemptInRepetitionRecovery: (...args: unknown[]) => void; RULE_STACK_IDX: number };
    const original = self.attemptInRepetitionRecovery;
    let nesting = 0;
    self.attemptInRepetitionRecovery = function (this: typeof self, ...args: unknown[]) {
      if (nesting >= MAX_RECOVERY_NESTING || this.RULE_STACK_IDX === 0) return;
      nesting++;
      try {
        original.apply(this, args);
      } finally {
        nesting--;
      }
    };
  }

  // ---------------------------------------------------------------- file
  file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR((this.alts_file_OR ??= [
        { ALT: () => this.SUBRULE(this.schemaDecl) },
        { ALT: () => this.SUBRULE(this.roleDecl) },
        { ALT: () => this.SUBRULE(this.denyDecl) },
        { ALT: () => this.SUBRULE(this.assignmentDecl) },
        { ALT: () => this.SUBRULE(this.mappingDecl) },
        { ALT: () => this.SUBRULE(this.assignDecl) },
        { ALT: () => this.SUBRULE(this.assertDecl) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
  });

  // ---------------------------------------------------------------- schema
  schemaDecl = this.RULE('schemaDecl', () => {
    this.CONSUME(T.Schema);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR((this.alts_schemaDecl_OR ??= [{ ALT: () => this.SUBRULE(this.schemaBlock) }, { ALT: () => this.CONSUME(T.Semicolon) }])));
    this.CONSUME(T.RCurly);
  });

  /** `user { … }`, `document { … }`, `context { … }` (the word is checked by the builder). */
  schemaBlock = this.RULE('schemaBlock', () => {
    this.CONSUME(T.SoftName);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR((this.alts_schemaBlock_OR ??= [{ ALT: () => this.SUBRULE(this.attributeDecl) }, { ALT: () => this.CONSUME(T.Semicolon) }])));
    this.CONSUME(T.RCurly);
  });

  attributeDecl = this.RULE('attributeDecl', () => {
    this.CONSUME(T.SoftName);
    this.OPTION(() => this.CONSUME(T.Question));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
  });

  /** `String`, `Long`, `Bool`, `IpAddr`, `Set<String>`, `Set<Long>` (checked by the builder). */
  typeRef = this.RULE('typeRef', () => {
    this.CONSUME(T.SoftName);
    this.OPTION(() => {
      this.CONSUME(T.Lt);
      this.CONSUME2(T.SoftName);
      this.CONSUME(T.Gt);
    });
  });

  // ---------------------------------------------------------------- roles
  roleDecl = this.RULE('roleDecl', () => {
    this.CONSUME(T.Role);
    this.SUBRULE(this.roleRef);
    this.OPTION(() => {
      this.CONSUME(T.Includes);
      this.SUBRULE(this.roleList);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR((this.alts_roleDecl_OR ??= [
        { ALT: () => this.SUBRULE(this.descriptionClause) },
        { ALT: () => this.SUBRULE(this.metadataClause) },
        { ALT: () => this.SUBRULE(this.whereClause) },
        { ALT: () => this.SUBRULE(this.clusterClause) },
        { ALT: () => this.SUBRULE(this.indexClause) },
        { ALT: () => this.SUBRULE(this.runAsClause) },
        { ALT: () => this.SUBRULE(this.applicationClause) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
    this.CONSUME(T.RCurly);
  });

  descriptionClause = this.RULE('descriptionClause', () => {
    this.CONSUME(T.Description);
    this.CONSUME(T.StringLiteral);
  });

  metadataClause = this.RULE('metadataClause', () => {
    this.CONSUME(T.Metadata);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR((this.alts_metadataClause_OR ??= [
        { ALT: () => this.SUBRULE(this.metadataEntry) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
    this.CONSUME(T.RCurly);
  });

  metadataEntry = this.RULE('metadataEntry', () => {
    this.OR((this.alts_metadataEntry_OR ??= [{ ALT: () => this.CONSUME(T.SoftName) }, { ALT: () => this.CONSUME(T.StringLiteral) }]));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.literal);
  });

  whereClause = this.RULE('whereClause', () => {
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
  });

  clusterClause = this.RULE('clusterClause', () => {
    this.CONSUME(T.Cluster);
    this.SUBRULE(this.privilegeList);
  });

  /** Block form `index P { … }` or short form `index P privileges …`. */
  indexClause = this.RULE('indexClause', () => {
    this.CONSUME(T.Index);
    this.SUBRULE(this.patternList);
    this.OPTION(() => {
      this.CONSUME(T.Except);
      this.SUBRULE2(this.patternList);
    });
    this.OR((this.alts_indexClause_OR ??= [
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() =>
            this.OR2([
              { ALT: () => this.SUBRULE(this.privilegesClause) },
              { ALT: () => this.SUBRULE(this.fieldsClause) },
              { ALT: () => this.SUBRULE(this.documentsClause) },
              { ALT: () => this.CONSUME(T.Semicolon) },
            ]),
          );
          this.CONSUME(T.RCurly);
        },
      },
      { ALT: () => this.SUBRULE2(this.privilegesClause) },
    ]));
  });

  privilegesClause = this.RULE('privilegesClause', () => {
    this.CONSUME(T.Privileges);
    this.SUBRULE(this.privilegeList);
  });

  fieldsClause = this.RULE('fieldsClause', () => {
    this.CONSUME(T.Fields);
    this.CONSUME(T.Grant);
    this.SUBRULE(this.patternList);
    this.OPTION(() => {
      this.CONSUME(T.Except);
      this.SUBRULE2(this.patternList);
    });
  });

  documentsClause = this.RULE('documentsClause', () => {
    this.CONSUME(T.Documents);
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
  });

  runAsClause = this.RULE('runAsClause', () => {
    this.CONSUME(T.RunAs);
    this.SUBRULE(this.patternList);
  });

  applicationClause = this.RULE('applicationClause', () => {
    this.CONSUME(T.Application);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR((this.alts_applicationClause_OR ??= [
        { ALT: () => this.SUBRULE(this.privilegesClause) },
        { ALT: () => this.SUBRULE(this.resourcesClause) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
    this.CONSUME(T.RCurly);
  });

  resourcesClause = this.RULE('resourcesClause', () => {
    this.CONSUME(T.Resources);
    this.SUBRULE(this.patternList);
  });

  // ---------------------------------------------------------------- denies
  /** `deny NAME [for role R | for user "x"] { TARGET [when|unless COND] }` */
  denyDecl = this.RULE('denyDecl', () => {
    this.CONSUME(T.Deny);
    this.CONSUME(T.SoftName);
    this.OPTION(() => {
      this.CONSUME(T.For);
      this.OR((this.alts_denyDecl_OR ??= [
        {
          ALT: () => {
            this.CONSUME(T.Role);
            this.SUBRULE(this.roleRef);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.User);
            this.CONSUME(T.StringLiteral);
          },
        },
      ]));
    });
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR2((this.alts_denyDecl_OR2 ??= [
        { ALT: () => this.SUBRULE(this.denyIndexTarget) },
        { ALT: () => this.SUBRULE(this.clusterClause) },
        { ALT: () => this.SUBRULE(this.runAsClause) },
        { ALT: () => this.SUBRULE(this.applicationClause) },
        { ALT: () => this.SUBRULE(this.denyCloudTarget) },
        { ALT: () => this.SUBRULE(this.denyCondition) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
    this.CONSUME(T.RCurly);
  });

  denyIndexTarget = this.RULE('denyIndexTarget', () => {
    this.CONSUME(T.Index);
    this.SUBRULE(this.patternList);
    this.OPTION(() => {
      this.CONSUME(T.Except);
      this.SUBRULE2(this.patternList);
    });
    this.SUBRULE(this.privilegesClause);
  });

  denyCloudTarget = this.RULE('denyCloudTarget', () => {
    this.CONSUME(T.Cloud);
    this.SUBRULE(this.privilegeList);
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.Deployment);
      this.SUBRULE(this.patternList);
    });
  });

  denyCondition = this.RULE('denyCondition', () => {
    this.OR((this.alts_denyCondition_OR ??= [{ ALT: () => this.CONSUME(T.When) }, { ALT: () => this.CONSUME(T.Unless) }]));
    this.SUBRULE(this.expression);
  });

  // ---------------------------------------------------------------- asserts
  /** `assert "NAME" { (never|always) TARGET [for role R | for user "x"] [unless role R…] [when COND] }` */
  assertDecl = this.RULE('assertDecl', () => {
    this.CONSUME(T.Assert);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR((this.alts_assertDecl_OR ??= [
        { ALT: () => this.CONSUME(T.Never) },
        { ALT: () => this.CONSUME(T.Always) },
        { ALT: () => this.SUBRULE(this.denyIndexTarget) },
        { ALT: () => this.SUBRULE(this.clusterClause) },
        { ALT: () => this.SUBRULE(this.runAsClause) },
        { ALT: () => this.SUBRULE(this.applicationClause) },
        { ALT: () => this.SUBRULE(this.denyCloudTarget) },
        { ALT: () => this.SUBRULE(this.assertFor) },
        { GATE: () => this.LA(2).tokenType === T.Role, ALT: () => this.SUBRULE(this.assertExempt) },
        { ALT: () => this.SUBRULE(this.assertWhen) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
    this.CONSUME(T.RCurly);
  });

  assertFor = this.RULE('assertFor', () => {
    this.CONSUME(T.For);
    this.OR((this.alts_assertFor_OR ??= [
      {
        ALT: () => {
          this.CONSUME(T.Role);
          this.SUBRULE(this.roleRef);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.User);
          this.CONSUME(T.StringLiteral);
        },
      },
    ]));
  });

  /** `unless role R1, R2`: principals with one of these roles active are exempt. */
  assertExempt = this.RULE('assertExempt', () => {
    this.CONSUME(T.Unless);
    this.CONSUME(T.Role);
    this.SUBRULE(this.roleList);
  });

  assertWhen = this.RULE('assertWhen', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
  });

  // ---------------------------------------------------------------- principals
  /** `user "NAME" roles R…`, `api_key "ID" roles R…`, `group "NAME" roles R…` */
  assignmentDecl = this.RULE('assignmentDecl', () => {
    this.OR((this.alts_assignmentDecl_OR ??= [
      { ALT: () => this.CONSUME(T.User) },
      { ALT: () => this.CONSUME(T.ApiKey) },
      { ALT: () => this.CONSUME(T.Group) },
    ]));
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Roles);
    this.SUBRULE(this.roleList);
  });

  mappingDecl = this.RULE('mappingDecl', () => {
    this.CONSUME(T.Mapping);
    this.CONSUME(T.SoftName);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR((this.alts_mappingDecl_OR ??= [
        { ALT: () => this.SUBRULE(this.rolesClause) },
        { ALT: () => this.SUBRULE(this.whenClause) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ])),
    );
    this.CONSUME(T.RCurly);
  });

  rolesClause = this.RULE('rolesClause', () => {
    this.CONSUME(T.Roles);
    this.SUBRULE(this.roleList);
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
  });

  /** `assign (user|api_key) "ID" ROLE on (organization | all deployments | deployment "a", …)` */
  assignDecl = this.RULE('assignDecl', () => {
    this.CONSUME(T.Assign);
    this.OR((this.alts_assignDecl_OR ??= [{ ALT: () => this.CONSUME(T.User) }, { ALT: () => this.CONSUME(T.ApiKey) }]));
    this.CONSUME(T.StringLiteral);
    this.SUBRULE(this.roleRef);
    this.CONSUME(T.On);
    this.OR2((this.alts_assignDecl_OR2 ??= [
      { ALT: () => this.CONSUME(T.Organization) },
      {
        ALT: () => {
          this.CONSUME(T.All);
          this.CONSUME(T.Deployments);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Deployment);
          this.SUBRULE(this.patternList);
        },
      },
    ]));
  });

  // ---------------------------------------------------------------- lists and names
  roleList = this.RULE('roleList', () => {
    this.SUBRULE(this.roleRef);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.roleRef);
    });
  });

  /** A role name: identifier, or dotted for built-ins (`cloud.admin`). */
  roleRef = this.RULE('roleRef', () => {
    this.CONSUME(T.SoftName);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.SoftName);
    });
  });

  privilegeList = this.RULE('privilegeList', () => {
    this.SUBRULE(this.privilege);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.privilege);
    });
  });

  privilege = this.RULE('privilege', () => {
    this.OR((this.alts_privilege_OR ??= [{ ALT: () => this.CONSUME(T.SoftName) }, { ALT: () => this.CONSUME(T.StringLiteral) }]));
  });

  /** Patterns are strings (`"logs-*"`). */
  patternList = this.RULE('patternList', () => {
    this.CONSUME(T.StringLiteral);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.StringLiteral);
    });
  });

  literal = this.RULE('literal', () => {
    this.OR((this.alts_literal_OR ??= [
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.Integer) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
    ]));
  });

  // ---------------------------------------------------------------- conditions
  // Precedence, lowest to highest: ||, &&, !, comparison/in/like (non-associative: the
  // builder reports a chain), has, postfix attribute access / method calls, primary.
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.OrOr);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(T.AndAnd);
      this.SUBRULE2(this.comparison);
    });
  });

  /**
   * `!* operand [op operand]` — the `!`s apply to the whole comparison (`!a == b` is
   * `!(a == b)`). Prefix `!`s and chained operators are repetitions rather than
   * recursion, which keeps the CST shallow (speed) and lets the builder report a chain
   * (E0110) precisely.
   */
  comparison = this.RULE('comparison', () => {
    this.MANY(() => this.CONSUME(T.Bang));
    this.SUBRULE(this.operand);
    this.MANY2(() =>
      this.OR((this.alts_comparison_OR ??= [
        {
          ALT: () => {
            this.CONSUME(T.CompareOp);
            this.SUBRULE2(this.operand);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.In);
            this.SUBRULE3(this.operand);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Like);
            this.SUBRULE4(this.operand); // a string literal: checked by the builder (E0123)
          },
        },
      ])),
    );
  });

  /** `[has] primary (.name | .method(args))*` — the builder splits paths from method calls. */
  operand = this.RULE('operand', () => {
    this.OPTION(() => this.CONSUME(T.Has));
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.SoftName);
      this.OPTION2(() => this.SUBRULE(this.callArgs));
    });
  });

  callArgs = this.RULE('callArgs', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(T.RParen);
  });

  primary = this.RULE('primary', () => {
    this.OR((this.alts_primary_OR ??= [
      { ALT: () => this.SUBRULE(this.literal) },
      {
        // a path head (`user`) or a function call (`ip("…")`)
        ALT: () => {
          this.CONSUME(T.SoftName);
          this.OPTION(() => this.SUBRULE(this.callArgs));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.setLiteral) },
    ]));
  });

  setLiteral = this.RULE('setLiteral', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(T.RBracket);
  });
}

/** The one parser instance (see the header comment); driven by parse-tokens.ts. */
export const PARSER = new RoleParser();

/** For grammar/ (railroad diagrams) and its staleness test. */
export function serializedGrammar() {
  return PARSER.getSerializedGastProductions();
}
