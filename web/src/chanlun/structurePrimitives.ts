import type {
  IChartApi,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  PrimitivePaneViewZOrder,
  SeriesAttachedParameter,
  SeriesType,
  Time,
} from 'lightweight-charts';
import { COLORS, type CenterBox } from './chartLayers';

type DrawTarget = Parameters<IPrimitivePaneRenderer['draw']>[0];

/** A box in media (CSS pixel) coordinates, ready to draw. */
interface PlacedBox {
  x1: number;
  x2: number;
  zg: number;
  zd: number;
  gg: number;
  dd: number;
  level: CenterBox['level'];
  confirmed: boolean;
}

class BoxesRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly boxes: readonly PlacedBox[]) {}

  draw(): void {
    // Everything is drawn behind the candles (drawBackground).
  }

  drawBackground(target: DrawTarget): void {
    target.useBitmapCoordinateSpace(({ context: ctx, horizontalPixelRatio: hr, verticalPixelRatio: vr }) => {
      for (const b of this.boxes) {
        const colors = b.level === 'segment' ? COLORS.segmentCenter : COLORS.strokeCenter;
        const x = Math.round(b.x1 * hr);
        const w = Math.max(1, Math.round((b.x2 - b.x1) * hr));
        const top = Math.round(b.zg * vr);
        const h = Math.max(1, Math.round((b.zd - b.zg) * vr));
        ctx.fillStyle = colors.fill;
        ctx.fillRect(x, top, w, h);
        ctx.strokeStyle = colors.edge;
        ctx.lineWidth = Math.max(1, Math.round((b.level === 'segment' ? 2 : 1) * hr));
        // A center still open (no confirmed exit) gets a dashed edge, as the pending strokes do.
        ctx.setLineDash(b.confirmed ? [] : [4 * hr, 3 * hr]);
        ctx.strokeRect(x + 0.5, top + 0.5, w, h);
        // GG and DD: the extremes the members reached, as thin dotted lines over the same span.
        ctx.setLineDash([1 * hr, 3 * hr]);
        ctx.lineWidth = Math.max(1, Math.round(hr));
        ctx.beginPath();
        for (const y of [b.gg, b.dd]) {
          const py = Math.round(y * vr) + 0.5;
          ctx.moveTo(x, py);
          ctx.lineTo(x + w, py);
        }
        ctx.stroke();
        ctx.setLineDash([]);
      }
    });
  }
}

class BoxesView implements IPrimitivePaneView {
  boxes: PlacedBox[] = [];

  zOrder(): PrimitivePaneViewZOrder {
    return 'bottom';
  }

  renderer(): IPrimitivePaneRenderer {
    return new BoxesRenderer(this.boxes);
  }
}

/**
 * ChanLun centers (中枢) as rectangles: ZG–ZD filled over the center's span, GG/DD dotted. lightweight-charts has no
 * rectangle series, so this is a series primitive on the candle series: it converts times and prices to pixels through
 * the chart's own scales whenever the view changes, so boxes pan, zoom and rescale with the candles.
 */
export class CenterBoxesPrimitive implements ISeriesPrimitive<Time> {
  private chart: IChartApi | null = null;
  private series: ISeriesApi<SeriesType> | null = null;
  private requestUpdate: (() => void) | null = null;
  private readonly view = new BoxesView();
  private readonly views: readonly IPrimitivePaneView[] = [this.view];
  private shown: Record<CenterBox['level'], boolean> = { stroke: true, segment: true };

  constructor(private boxes: CenterBox[]) {}

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart as IChartApi;
    this.series = param.series;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.series = null;
    this.requestUpdate = null;
  }

  setVisible(level: CenterBox['level'], visible: boolean): void {
    if (this.shown[level] === visible) return;
    this.shown = { ...this.shown, [level]: visible };
    this.requestUpdate?.();
  }

  setBoxes(boxes: CenterBox[]): void {
    this.boxes = boxes;
    this.requestUpdate?.();
  }

  updateAllViews(): void {
    const chart = this.chart;
    const series = this.series;
    if (!chart || !series) return;
    const scale = chart.timeScale();
    const width = scale.width();
    const placed: PlacedBox[] = [];
    // Segment centers are wider and drawn first, so the stroke centers inside them stay visible on top.
    const ordered = [...this.boxes].sort((a, b) => (a.level === b.level ? 0 : a.level === 'segment' ? -1 : 1));
    for (const b of ordered) {
      if (!this.shown[b.level]) continue;
      const x1 = scale.timeToCoordinate(b.start);
      const x2 = scale.timeToCoordinate(b.end);
      if (x1 === null || x2 === null || x2 < 0 || x1 > width) continue;
      const zg = series.priceToCoordinate(b.zg);
      const zd = series.priceToCoordinate(b.zd);
      const gg = series.priceToCoordinate(b.gg);
      const dd = series.priceToCoordinate(b.dd);
      if (zg === null || zd === null || gg === null || dd === null) continue;
      placed.push({ x1, x2, zg, zd, gg, dd, level: b.level, confirmed: b.confirmed });
    }
    this.view.boxes = placed;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }
}

/** A fractal as drawn: its bar's x and extreme price's y in media pixels. */
interface PlacedFractal {
  x: number;
  y: number;
  top: boolean;
}

export interface FractalMark {
  time: Time;
  price: number;
  top: boolean;
}

class FractalRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly marks: readonly PlacedFractal[]) {}

  draw(target: DrawTarget): void {
    target.useBitmapCoordinateSpace(({ context: ctx, horizontalPixelRatio: hr, verticalPixelRatio: vr }) => {
      const half = 3 * hr;
      const height = 4 * vr;
      const gap = 2 * vr;
      for (const top of [true, false]) {
        ctx.fillStyle = top ? COLORS.down : COLORS.up;
        ctx.beginPath();
        for (const m of this.marks) {
          if (m.top !== top) continue;
          const x = m.x * hr;
          // A small triangle just beyond the extreme, pointing at it: ▼ over a top, ▲ under a bottom.
          const tip = m.y * vr + (top ? -gap : gap);
          const base = tip + (top ? -height : height);
          ctx.moveTo(x, tip);
          ctx.lineTo(x - half, base);
          ctx.lineTo(x + half, base);
          ctx.closePath();
        }
        ctx.fill();
      }
    });
  }
}

class FractalView implements IPrimitivePaneView {
  marks: PlacedFractal[] = [];

  renderer(): IPrimitivePaneRenderer {
    return new FractalRenderer(this.marks);
  }
}

/**
 * Fractals (分型) as small fixed-size ticks at their extreme price. The markers plugin sizes its shapes from the bar
 * spacing and stacks them, so a thousand fractals on a zoomed-out chart would bury the candles and the buy/sell arrows.
 */
export class FractalMarksPrimitive implements ISeriesPrimitive<Time> {
  private chart: IChartApi | null = null;
  private series: ISeriesApi<SeriesType> | null = null;
  private requestUpdate: (() => void) | null = null;
  private readonly view = new FractalView();
  private readonly views: readonly IPrimitivePaneView[] = [this.view];
  private visible = true;

  constructor(private readonly marks: FractalMark[]) {}

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart as IChartApi;
    this.series = param.series;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.series = null;
    this.requestUpdate = null;
  }

  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    this.requestUpdate?.();
  }

  updateAllViews(): void {
    const chart = this.chart;
    const series = this.series;
    if (!chart || !series || !this.visible) {
      this.view.marks = [];
      return;
    }
    const scale = chart.timeScale();
    const width = scale.width();
    const placed: PlacedFractal[] = [];
    for (const m of this.marks) {
      const x = scale.timeToCoordinate(m.time);
      if (x === null || x < -4 || x > width + 4) continue;
      const y = series.priceToCoordinate(m.price);
      if (y === null) continue;
      placed.push({ x, y, top: m.top });
    }
    this.view.marks = placed;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }
}
