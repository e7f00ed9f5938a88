import { leastSquares } from "./least-squares";

test("a line through exact points has their slope and r² 1", () => {
  const fit = leastSquares([0, 1, 2, 3], [10, 12, 14, 16]);
  expect(fit.slope).toBeCloseTo(2);
  expect(fit.intercept).toBeCloseTo(10);
  expect(fit.r2).toBeCloseTo(1);
});

test("noise around a flat line gives a slope near 0", () => {
  const fit = leastSquares([0, 1, 2, 3, 4, 5], [5, 7, 5, 7, 5, 7]);
  expect(Math.abs(fit.slope)).toBeLessThan(0.5);
});

test("too few samples or one x answer NaN", () => {
  expect(leastSquares([1], [1]).slope).toBeNaN();
  expect(leastSquares([2, 2, 2], [1, 2, 3]).slope).toBeNaN();
});
