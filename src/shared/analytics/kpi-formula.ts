/**
 * KPI formulas: arithmetic over the case measures of a period (the quarter, of one channel if the KPI names
 * one). Only the names in KPI_FORMULA_MEASURES, numbers, + − × /, and parentheses; a division by zero or a
 * measure with no data gives «нет данных» (null), never Infinity. Shared: the server evaluates, the UI
 * checks a formula as it is typed with the same parser.
 */

export const KPI_FORMULA_MEASURES = {
  received: 'поступило сообщений и обращений',
  answered: 'дан ответ',
  answered_on_time: 'ответов в срок',
  late: 'ответов с нарушением срока',
  rated: 'оценено заявителями',
  rated_high: 'оценок 4–5',
  rating_sum: 'сумма оценок',
  resolved: 'результат «Решено»',
  explained: 'результат «Разъяснено»',
  otpiska: 'ответов-«отписок»',
  returned: 'сообщений, возвращавшихся на доработку',
  returns: 'возвратов на доработку',
  reopens: 'возвратов в работу',
  first_reaction_median_hours: 'медиана первой реакции, рабочих часов',
  answer_median_hours: 'медиана срока ответа, рабочих часов',
  answer_median_working_days: 'медиана срока ответа, рабочих дней (часы / 9)',
} as const;
export type KpiFormulaMeasure = keyof typeof KPI_FORMULA_MEASURES;
export type KpiMeasureValues = Record<KpiFormulaMeasure, number | null>;

export const KPI_FORMULA_MAX_LENGTH = 300;

export type KpiFormulaNode =
  | { type: 'number'; value: number }
  | { type: 'measure'; name: KpiFormulaMeasure }
  | { type: 'negate'; operand: KpiFormulaNode }
  | { type: 'binary'; operator: '+' | '-' | '*' | '/'; left: KpiFormulaNode; right: KpiFormulaNode };

export type KpiFormulaParse =
  | { isValid: true; tree: KpiFormulaNode; measures: KpiFormulaMeasure[] }
  | { isValid: false; error: string };

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'operator'; value: '+' | '-' | '*' | '/'; at: number }
  | { kind: 'open' | 'close'; at: number };

class FormulaError extends Error {}

function isKpiFormulaMeasure(name: string): name is KpiFormulaMeasure {
  return Object.hasOwn(KPI_FORMULA_MEASURES, name);
}

const OPERATOR_ALIASES: Record<string, '+' | '-' | '*' | '/'> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '·': '*',
  '/': '/',
  ':': '/',
  '÷': '/',
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(?:[.,][0-9]+)?/.exec(text.slice(index)) as RegExpExecArray;
      tokens.push({ kind: 'number', value: Number(match[0].replace(',', '.')), at: index });
      index += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index)) as RegExpExecArray;
      tokens.push({ kind: 'name', value: match[0], at: index });
      index += match[0].length;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', at: index });
      index += 1;
    } else if (OPERATOR_ALIASES[char]) {
      tokens.push({ kind: 'operator', value: OPERATOR_ALIASES[char], at: index });
      index += 1;
    } else {
      throw new FormulaError(`недопустимый символ «${char}» (позиция ${index + 1})`);
    }
  }
  return tokens;
}

/** Parses a formula; the error says in Russian what is wrong and where. */
export function parseKpiFormula(text: string): KpiFormulaParse {
  const source = text.trim();
  if (source.length === 0)
    return { isValid: false, error: 'формула пуста: укажите, например, resolved / answered × 100' };
  if (source.length > KPI_FORMULA_MAX_LENGTH) {
    return { isValid: false, error: `формула длиннее ${KPI_FORMULA_MAX_LENGTH} символов` };
  }
  try {
    const tokens = tokenize(source);
    let position = 0;
    const measures = new Set<KpiFormulaMeasure>();
    const describe = (token: Token | undefined) =>
      token === undefined
        ? 'формула оборвалась'
        : `неожиданное «${source.slice(token.at, token.at + (token.kind === 'name' ? token.value.length : 1))}» (позиция ${token.at + 1})`;
    const expression = (depth: number): KpiFormulaNode => {
      if (depth > 30) throw new FormulaError('слишком глубокая вложенность скобок');
      let left = term(depth);
      for (let token = tokens[position]; token?.kind === 'operator' && (token.value === '+' || token.value === '-'); ) {
        position += 1;
        left = { type: 'binary', operator: token.value, left, right: term(depth) };
        token = tokens[position];
      }
      return left;
    };
    const term = (depth: number): KpiFormulaNode => {
      let left = factor(depth);
      for (let token = tokens[position]; token?.kind === 'operator' && (token.value === '*' || token.value === '/'); ) {
        position += 1;
        left = { type: 'binary', operator: token.value, left, right: factor(depth) };
        token = tokens[position];
      }
      return left;
    };
    const factor = (depth: number): KpiFormulaNode => {
      const token = tokens[position];
      if (token?.kind === 'number') {
        position += 1;
        return { type: 'number', value: token.value };
      }
      if (token?.kind === 'name') {
        if (!isKpiFormulaMeasure(token.value)) {
          throw new FormulaError(
            `неизвестная мера «${token.value}»; допустимы: ${Object.keys(KPI_FORMULA_MEASURES).join(', ')}`,
          );
        }
        position += 1;
        measures.add(token.value);
        return { type: 'measure', name: token.value };
      }
      if (token?.kind === 'operator' && token.value === '-') {
        position += 1;
        return { type: 'negate', operand: factor(depth) };
      }
      if (token?.kind === 'open') {
        position += 1;
        const inner = expression(depth + 1);
        if (tokens[position]?.kind !== 'close') {
          throw new FormulaError(`не закрыта скобка (позиция ${token.at + 1})`);
        }
        position += 1;
        return inner;
      }
      throw new FormulaError(describe(token));
    };
    const tree = expression(0);
    if (position < tokens.length) throw new FormulaError(describe(tokens[position]));
    if (measures.size === 0) throw new FormulaError('в формуле нет ни одной меры');
    return { isValid: true, tree, measures: [...measures] };
  } catch (error) {
    if (error instanceof FormulaError) return { isValid: false, error: error.message };
    throw error;
  }
}

/** The value of a parsed formula, rounded to hundredths; null when a measure has no data or a divisor is 0. */
export function evaluateKpiFormula(tree: KpiFormulaNode, values: KpiMeasureValues): number | null {
  const evaluate = (node: KpiFormulaNode): number | null => {
    switch (node.type) {
      case 'number':
        return node.value;
      case 'measure':
        return values[node.name];
      case 'negate': {
        const operand = evaluate(node.operand);
        return operand === null ? null : -operand;
      }
      case 'binary': {
        const left = evaluate(node.left);
        const right = evaluate(node.right);
        if (left === null || right === null) return null;
        switch (node.operator) {
          case '+':
            return left + right;
          case '-':
            return left - right;
          case '*':
            return left * right;
          case '/':
            return right === 0 ? null : left / right;
        }
      }
    }
  };
  const result = evaluate(tree);
  return result === null || !Number.isFinite(result) ? null : Math.round(result * 100) / 100;
}
