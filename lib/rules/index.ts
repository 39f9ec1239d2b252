// Reading rules: model, validation, engine, picker helpers, files and health (storage: ./store).
export * from './model';
export { compileRuleRegex } from './regex';
export { parseDateText, dateFormatProblem } from './dates';
export { validateRules, validateRule, selectorProblem, engineSelectorCheck, type ValidateOptions } from './validate';
export { applyRules, rulesFor, ruleApplies, readFieldRule, locate, follow, ruleAnchor, type ApplyOptions, type RulesResult, type FieldOutcome, type RuleValues } from './engine';
export { proposeSelector, pickValue, pickField, cssEscape, isGeneratedId, isHashedClass, type SelectorProposal, type PickedValue, type PickResult } from './propose';
export { exportRulesJson, parseRulesJson, validateRulesFile, mergeRuleLists, RULES_FORMAT, RULES_FORMAT_VERSION, type MergedRule, type RulesFile } from './io';
export { checkSelectors, recordHealth, fieldHealth, type SelectorTable, type FieldSelectors, type SelectorCheck, type HealthMemory, type FieldHealth } from './health';
