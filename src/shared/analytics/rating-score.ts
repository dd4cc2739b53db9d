import type { RatingSettings } from '../contracts/analytics.contract.js';

/**
 * The rating of a responsible recipient (or a municipality): five component scores 0–100 and their
 * weighted mean over the components that have data. Formulas: docs/analytics.md.
 */
export const DEFAULT_RATING_SETTINGS: RatingSettings = {
  weights: { timeliness: 0.3, speed: 0.15, completeness: 0.2, quality: 0.15, satisfaction: 0.2 },
  speedNormHours: 64,
  minCases: 2,
};

export type RatingInputs = {
  cases: number;
  answered: number;
  onTime: number;
  decided: number;
  medianAnswerHours: number | null;
  returns: number;
  reopens: number;
  otpiska: number;
  rated: number;
  ratingSum: number;
  ratedHigh: number;
};

export type ComponentScores = {
  timeliness: number | null;
  speed: number | null;
  completeness: number | null;
  quality: number | null;
  satisfaction: number | null;
};

const round1 = (value: number) => Math.round(value * 10) / 10;

export function computeComponentScores(inputs: RatingInputs, settings: RatingSettings): ComponentScores {
  return {
    timeliness: inputs.decided > 0 ? round1((100 * inputs.onTime) / inputs.decided) : null,
    speed:
      inputs.medianAnswerHours === null
        ? null
        : round1(100 * Math.max(0, 1 - inputs.medianAnswerHours / settings.speedNormHours)),
    completeness: inputs.answered > 0 ? round1(100 * (1 - inputs.otpiska / inputs.answered)) : null,
    quality: inputs.cases > 0 ? round1(100 * Math.max(0, 1 - (inputs.returns + inputs.reopens) / inputs.cases)) : null,
    satisfaction: inputs.rated > 0 ? round1((100 * inputs.ratedHigh) / inputs.rated) : null,
  };
}

/** Weighted mean of the components present (weights of missing components are shared out). */
export function combineScores(scores: ComponentScores, settings: RatingSettings): number | null {
  let weighted = 0;
  let weightSum = 0;
  for (const key of Object.keys(scores) as Array<keyof ComponentScores>) {
    const value = scores[key];
    const weight = settings.weights[key];
    if (value === null || weight <= 0) continue;
    weighted += value * weight;
    weightSum += weight;
  }
  return weightSum > 0 ? round1(weighted / weightSum) : null;
}
