// The report's charts (Observable Plot, rendered to static SVG with the document given): pure
// functions from data to the markup of a titled figure, for Node (a server-side DOM) and the
// browser (window.document) alike. See ./plot.ts for why this library.
export { type ChartContext, PALETTE, formatNumber } from './plot.js';
export { type SobolBar, type ChartTitles, sobolBarsChart, interactionsChart, interactionsOverIndexChart, secondOrderChart } from './sobol.js';
export { type LineSeries, type Band, type AxisTitles, type ConvergencePoint, linesChart, bandsChart, convergenceChart } from './series.js';
export { type Histogram, type ScatterData, histogramChart, scatterCharts } from './distribution.js';
export { type ScreeningTable, indexFields, morrisChart, screeningBarsChart } from './screening.js';
export { type EcdfGap, type PointDistances, ecdfGap, ecdfCompareChart, distancesOverIndexCharts } from './compare.js';
