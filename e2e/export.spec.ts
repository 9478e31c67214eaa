/**
 * Exports: the diagram as PNG and SVG (the whole drawing, even when zoomed in), and the trace as
 * Markdown, copied or downloaded. The image library loads only when first used, from the page's
 * own origin (the fixture fails any request off the origin and any console error, so a CSP
 * violation fails the test too).
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function exportVia(app: AppPage, item: string): Promise<Download> {
  await app.page.getByTestId('export-toggle').click();
  const download = app.page.waitForEvent('download');
  await app.page.getByTestId(item).click();
  return download;
}

async function downloaded(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

/** The width and height of cluster node-1 in diagram pixels (its box on screen divided by the zoom). */
async function nodeSize(page: Page): Promise<{ width: number; height: number }> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const node = document.querySelector('[data-testid="el-node:node-1"]');
    const zoom = Number(/scale\(([\d.]+)\)/.exec(viewport?.style.transform ?? '')?.[1]);
    const box = node?.getBoundingClientRect();
    return { width: (box?.width ?? 0) / zoom, height: (box?.height ?? 0) / zoom };
  });
}

/** Draws the image in the page and counts its distinct colours (a blank picture has one or two). */
async function distinctColours(page: Page, dataUrl: string): Promise<{ width: number; height: number; colours: number }> {
  return page.evaluate(async (url) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4 * 97) seen.add(((pixels[i] ?? 0) << 16) | ((pixels[i + 1] ?? 0) << 8) | (pixels[i + 2] ?? 0));
    return { width: image.naturalWidth, height: image.naturalHeight, colours: seen.size };
  }, dataUrl);
}

test('the diagram exports as a PNG of the whole drawing, even when zoomed in', async ({ app, page }) => {
  await app.open();
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  // Zoomed in: the viewport shows only part of the cluster node.
  for (let i = 0; i < 4; i += 1) await app.diagram().locator('.react-flow__controls-zoomin').click();
  const node = await nodeSize(page);
  expect(node.width).toBeGreaterThan(600);

  const download = await exportVia(app, 'export-png');
  expect(download.suggestedFilename()).toBe('packet-path-default-frontend-web-to-default-backend-8080-tcp.png');
  const png = await downloaded(download);
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  // Twice the drawing (pixel ratio 2): the whole node-1 box plus padding, not the zoomed viewport.
  expect(width).toBeGreaterThanOrEqual(2 * node.width);
  expect(width).toBeLessThan(2 * (node.width + 200));
  expect(height).toBeGreaterThanOrEqual(2 * node.height);
  expect(png.length).toBeGreaterThan(30_000);
  await expect(page.getByTestId('export-status')).toHaveText(`Saved ${download.suggestedFilename()}`);

  const picture = await distinctColours(page, `data:image/png;base64,${png.toString('base64')}`);
  expect(picture).toMatchObject({ width, height });
  expect(picture.colours).toBeGreaterThan(20);
  // The image library came as a script chunk of its own, on first use.
  expect(scripts.length).toBeGreaterThan(0);
});

test('the diagram exports as an SVG with the elements and their labels', async ({ app, page }) => {
  await app.open();
  const node = await nodeSize(page);
  const download = await exportVia(app, 'export-svg');
  expect(download.suggestedFilename()).toBe('packet-path-default-frontend-web-to-default-backend-8080-tcp.svg');
  const svg = (await downloaded(download)).toString('utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
  expect(width).toBeGreaterThanOrEqual(node.width);
  expect(width).toBeLessThan(node.width + 200);
  expect(svg).toContain('<foreignObject');
  for (const label of ['default/frontend', 'default/backend', 'cni0', 'node-1', '10.244.0.2']) expect(svg).toContain(label);
  // The edges are drawn too (html-to-image after 1.11.11 drops them).
  expect(svg).toContain('react-flow__edge-path');
  expect(svg.length).toBeGreaterThan(50_000);
  const picture = await distinctColours(page, `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
  expect(picture.colours).toBeGreaterThan(10);
});

test('the trace copies and downloads as Markdown for a ticket', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  await page.getByTestId('export-toggle').click();
  await page.getByTestId('export-md-copy').click();
  await expect(page.getByTestId('export-status')).toHaveText('Copied the trace as Markdown');
  await expect(page.getByTestId('export-menu')).not.toHaveAttribute('open');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.split('\n');
  expect(lines[0]).toBe('### Packet path: default/frontend/web → default/backend:8080/TCP');
  expect(lines[2]).toMatch(/^\*\*Verdict: delivered\.\*\* default\/frontend\/web → default\/backend:8080\/TCP is delivered to container api/);
  expect(copied).toContain('Cluster: CNI `flannel-vxlan`, kube-proxy `iptables`, cluster CIDR `10.244.0.0/16`');
  expect(copied).toContain('| # | Where | What | Rule |');
  expect(copied).toMatch(/\n\| 1 \| `ctr:default\/frontend\/web` \| \*\*socket-send\*\*: /);
  expect(copied).toMatch(/\n\| \d+ \| `bridge:node-1\/cni0` \| \*\*bridge-forward\*\*: cni0 looks up .+ \| fdb: `[0-9a-f:]+ dev veth[0-9a-f]+ master cni0` \|\n/);
  expect(copied).toContain('#### Reply');
  expect(copied).toContain("\ntcpdump -eni cni0 'host 10.244.0.2 and host 10.244.0.3 and tcp port 8080'\n");
  // As many table rows as the page lists hops.
  const rows = lines.filter((l) => /^\| \d+ \|/.test(l)).length;
  await expect(app.hopRows()).toHaveCount(rows);

  const download = await exportVia(app, 'export-md-download');
  expect(download.suggestedFilename()).toBe('packet-path-default-frontend-web-to-default-backend-8080-tcp.md');
  expect((await downloaded(download)).toString('utf8')).toBe(copied);
});

test('the export menu works from the keyboard and closes with Escape', async ({ app, page }) => {
  await app.open();
  const toggle = page.getByTestId('export-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-menu')).toHaveAttribute('open');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('export-png')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-menu')).not.toHaveAttribute('open');
  await expect(toggle).toBeFocused();
});
