/**
 * The `CocoThing` slot type in `bots/` is written from the inference module's COCO table, so the
 * Lex bot resolves "puppies" to "dog" exactly as the Slack channel reads it. `npm run
 * bot:slot-types` rewrites the file; a test fails when the file and the table disagree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COCO_LABELS, wordsFor } from '../../inference';
import { DEFAULT_BOTS_DIR } from './load-bot-definition';

export const COCO_SLOT_TYPE = 'CocoThing';

export function cocoSlotTypePath(botsDir: string = DEFAULT_BOTS_DIR): string {
  return join(botsDir, 'WhatsThat', 'BotLocales', 'en_US', 'SlotTypes', COCO_SLOT_TYPE, 'SlotType.json');
}

/** The slot type in the Lex V2 export format; TopResolution turns every synonym into its label. */
export function cocoSlotType(): Record<string, unknown> {
  return {
    name: COCO_SLOT_TYPE,
    description: `The ${COCO_LABELS.length} COCO things the object detector knows; synonyms and plurals resolve to the COCO label. Generated from src/inference/describe/coco-labels.ts.`,
    parentSlotTypeSignature: null,
    slotTypeValues: COCO_LABELS.map((label) => ({ sampleValue: { value: label }, synonyms: wordsFor(label).map((value) => ({ value })) })),
    valueSelectionSetting: { resolutionStrategy: 'TopResolution' },
  };
}

export function cocoSlotTypeFile(): string {
  return `${JSON.stringify(cocoSlotType(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(cocoSlotTypePath(), cocoSlotTypeFile());
  console.log(`wrote ${cocoSlotTypePath()}`);
}
