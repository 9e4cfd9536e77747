/**
 * Minimal protobufjs descriptors for the TensorFlow messages we read. Only the fields the detector
 * needs are declared; protobufjs skips every other field by its wire type, so large tensors
 * (TensorProto.tensor_content = 4) are never copied.
 *
 * Field numbers (facts, from tensorflow/core/framework/*.proto, tensorflow/core/protobuf/
 * saved_model.proto, meta_graph.proto, saved_object_graph.proto and keras/protobuf/saved_metadata.proto):
 *   SavedModel          meta_graphs=2
 *   MetaGraphDef        meta_info_def=1 graph_def=2 object_graph_def=7
 *   MetaInfoDef         tags=4 tensorflow_version=5
 *   GraphDef            node=1 library=2
 *   NodeDef             name=1 op=2 input=3 attr=5 (map<string, AttrValue>)
 *   AttrValue           list=1 s=2 tensor=8 placeholder=9 func=10
 *   AttrValue.ListValue s=2 func=9
 *   NameAttrList        name=1 attr=2
 *   TensorProto         dtype=1 string_val=8
 *   FunctionDefLibrary  function=1
 *   FunctionDef         signature=1 node_def=3
 *   OpDef               name=1
 *   SavedObjectGraph    nodes=1;  SavedObject user_object=4;  SavedUserObject identifier=1 metadata=3
 *   keras SavedMetadata nodes=1;  keras SavedObject node_id=2 node_path=3 identifier=4 metadata=5
 *
 * Built on first use (see {@link tfTypes}), never at import.
 */
import type { Type } from "protobufjs";

export const TF_DESCRIPTOR = {
  nested: {
    wt: {
      nested: {
        SavedModel: { fields: { metaGraphs: { rule: "repeated", type: "MetaGraphDef", id: 2 } } },
        MetaGraphDef: {
          fields: {
            metaInfoDef: { type: "MetaInfoDef", id: 1 },
            graphDef: { type: "GraphDef", id: 2 },
            objectGraphDef: { type: "SavedObjectGraph", id: 7 },
          },
        },
        MetaInfoDef: {
          fields: {
            tags: { rule: "repeated", type: "string", id: 4 },
            tensorflowVersion: { type: "string", id: 5 },
          },
        },
        GraphDef: {
          fields: {
            node: { rule: "repeated", type: "NodeDef", id: 1 },
            library: { type: "FunctionDefLibrary", id: 2 },
          },
        },
        NodeDef: {
          fields: {
            name: { type: "string", id: 1 },
            op: { type: "string", id: 2 },
            input: { rule: "repeated", type: "string", id: 3 },
            attr: { keyType: "string", type: "AttrValue", id: 5 },
          },
        },
        AttrValue: {
          fields: {
            list: { type: "ListValue", id: 1 },
            s: { type: "bytes", id: 2 },
            tensor: { type: "TensorProto", id: 8 },
            placeholder: { type: "string", id: 9 },
            func: { type: "NameAttrList", id: 10 },
          },
        },
        ListValue: {
          fields: {
            s: { rule: "repeated", type: "bytes", id: 2 },
            func: { rule: "repeated", type: "NameAttrList", id: 9 },
          },
        },
        NameAttrList: {
          fields: {
            name: { type: "string", id: 1 },
            attr: { keyType: "string", type: "AttrValue", id: 2 },
          },
        },
        TensorProto: {
          fields: {
            dtype: { type: "int32", id: 1 },
            stringVal: { rule: "repeated", type: "bytes", id: 8 },
          },
        },
        FunctionDefLibrary: { fields: { function: { rule: "repeated", type: "FunctionDef", id: 1 } } },
        FunctionDef: {
          fields: {
            signature: { type: "OpDef", id: 1 },
            nodeDef: { rule: "repeated", type: "NodeDef", id: 3 },
          },
        },
        OpDef: { fields: { name: { type: "string", id: 1 } } },
        SavedObjectGraph: { fields: { nodes: { rule: "repeated", type: "SavedObject", id: 1 } } },
        SavedObject: { fields: { userObject: { type: "SavedUserObject", id: 4 } } },
        SavedUserObject: {
          fields: { identifier: { type: "string", id: 1 }, metadata: { type: "string", id: 3 } },
        },
        KerasSavedMetadata: { fields: { nodes: { rule: "repeated", type: "KerasSavedObject", id: 1 } } },
        KerasSavedObject: {
          fields: {
            nodeId: { type: "int32", id: 2 },
            nodePath: { type: "string", id: 3 },
            identifier: { type: "string", id: 4 },
            metadata: { type: "string", id: 5 },
          },
        },
      },
    },
  },
} as const;

// ---- decoded shapes (what protobufjs hands back; every field may be missing) ----

export interface TensorMsg {
  dtype?: number;
  stringVal?: Uint8Array[];
}
export interface NameAttrListMsg {
  name?: string;
  attr?: Record<string, AttrValueMsg>;
}
export interface AttrValueMsg {
  list?: { s?: Uint8Array[]; func?: NameAttrListMsg[] };
  s?: Uint8Array;
  tensor?: TensorMsg;
  placeholder?: string;
  func?: NameAttrListMsg;
}
export interface NodeDefMsg {
  name?: string;
  op?: string;
  input?: string[];
  attr?: Record<string, AttrValueMsg>;
}
export interface FunctionDefMsg {
  signature?: { name?: string };
  nodeDef?: NodeDefMsg[];
}
export interface GraphDefMsg {
  node?: NodeDefMsg[];
  library?: { function?: FunctionDefMsg[] };
}
export interface MetaGraphDefMsg {
  metaInfoDef?: { tags?: string[]; tensorflowVersion?: string };
  graphDef?: GraphDefMsg;
  objectGraphDef?: { nodes?: { userObject?: { identifier?: string; metadata?: string } }[] };
}
export interface SavedModelMsg {
  metaGraphs?: MetaGraphDefMsg[];
}
export interface KerasSavedMetadataMsg {
  nodes?: { nodeId?: number; nodePath?: string; identifier?: string; metadata?: string }[];
}

export interface TfTypes {
  SavedModel: Type;
  MetaGraphDef: Type;
  GraphDef: Type;
  KerasSavedMetadata: Type;
}

let cached: TfTypes | undefined;

/** Builds the protobufjs types on first use (the hook must stay cheap when no .pb is staged). */
export async function tfTypes(): Promise<TfTypes> {
  if (cached) return cached;
  const pb = (await import("protobufjs/light.js")).default;
  const root = pb.Root.fromJSON(TF_DESCRIPTOR as unknown as Parameters<typeof pb.Root.fromJSON>[0]);
  cached = {
    SavedModel: root.lookupType("wt.SavedModel"),
    MetaGraphDef: root.lookupType("wt.MetaGraphDef"),
    GraphDef: root.lookupType("wt.GraphDef"),
    KerasSavedMetadata: root.lookupType("wt.KerasSavedMetadata"),
  };
  return cached;
}
