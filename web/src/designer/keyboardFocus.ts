/** Focus moves for keyboard use of the designer: to a node on the canvas, into the inspector's form and back. */

export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The canvas element React Flow draws for a node, once it has been measured (before that it is hidden). */
export function canvasNodeElement(root: ParentNode | null | undefined, nodeId: string): HTMLElement | null {
  const el = root?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`) ?? null;
  return el && el.style.visibility !== 'hidden' ? el : null;
}

/** Calls `find` on each animation frame until it returns an element (or gives up after ~1 s), then focuses it. */
export function focusWhenReady(find: () => HTMLElement | null, frames = 60): Promise<boolean> {
  return new Promise((resolve) => {
    const attempt = (left: number) => {
      const el = find();
      if (el) {
        el.focus();
        resolve(true);
      } else if (left > 0) {
        requestAnimationFrame(() => attempt(left - 1));
      } else {
        resolve(false);
      }
    };
    attempt(frames);
  });
}

/**
 * The first thing to edit in the inspector's form for `nodeId`: its first parameter's editor (not the expression
 * toggle before it), else the heading, so the next Tab walks the form.
 */
export function inspectorFocusTarget(inspector: HTMLElement | null, nodeId: string): HTMLElement | null {
  const form = inspector?.querySelector<HTMLElement>(`[data-inspector-node="${CSS.escape(nodeId)}"]`);
  if (!form) return null;
  return (
    form.querySelector<HTMLElement>(
      '.param-field input:not([type="checkbox"]):not([disabled]), .param-field textarea, .param-field select',
    ) ?? form.querySelector<HTMLElement>('[data-inspector-heading]')
  );
}
