import { losses, tensor, type LossName } from '../index.js';
import type { TargetScaler } from './model-bundle.js';

/** A regression model's scores in the target's own units, and the loss of always predicting the mean. */
export interface RegressionScores {
  readonly loss: number;
  readonly mae: number;
  /** 1 − SSE/SST: 1 is perfect, 0 is no better than the mean, below 0 worse. */
  readonly r2: number;
  /** The same loss for predicting the targets' mean for every row. */
  readonly baseline: number;
  readonly mean: number;
}

const column = (values: readonly number[]) => tensor(values.map((v) => [v]));

/** Scores predictions against targets with the model's loss (the library's), its MAE and R². */
export function regressionScores(
  predicted: readonly number[],
  actual: readonly number[],
  loss: LossName,
): RegressionScores {
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  const yTrue = column(actual);
  const yPred = column(predicted);
  let sse = 0;
  let sst = 0;
  actual.forEach((y, i) => {
    sse += (y - predicted[i]) ** 2;
    sst += (y - mean) ** 2;
  });
  return {
    loss: losses[loss].value(yPred, yTrue),
    mae: losses.meanAbsoluteError.value(yPred, yTrue),
    r2: sst === 0 ? NaN : 1 - sse / sst,
    baseline: losses[loss].value(column(actual.map(() => mean)), yTrue),
    mean,
  };
}

/** Mean and (population) standard deviation of a target; a constant target keeps scale 1. */
export function fitTargetScaler(values: readonly number[]): TargetScaler {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  const scale = Math.sqrt(variance);
  return { mean, scale: scale > 0 && Number.isFinite(scale) ? scale : 1 };
}

/**
 * A History value of a standardized target in the target's units, where the loss allows: MSE scales by scale², MAE
 * by scale; undefined for others (huber is not a scaled copy of itself).
 */
export function unscaledLog(key: string, value: number, loss: LossName, scaler: TargetScaler): number | undefined {
  const name = key.replace(/^val_/, '');
  const kind = name === 'loss' ? loss : name === 'mae' ? 'meanAbsoluteError' : undefined;
  if (kind === 'meanSquaredError') return value * scaler.scale ** 2;
  if (kind === 'meanAbsoluteError') return value * scaler.scale;
  return undefined;
}

/** The warning for a regression that ends no better than predicting the mean, or undefined. */
export function worseThanMean(scores: RegressionScores, target: string, loss: LossName): string | undefined {
  if (!(scores.loss >= scores.baseline)) return undefined;
  return (
    `warning: the model predicts '${target}' no better than its mean does (${loss} ${scores.loss.toPrecision(4)} ` +
    `vs ${scores.baseline.toPrecision(4)} for always predicting ${scores.mean.toPrecision(4)}, R² ${scores.r2.toFixed(3)}). ` +
    'Train longer (--epochs), try another --lr, or --standardize the features.'
  );
}
