using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Agent42.Core.Plugins.Policy;

/// <summary>Reads the metadata tokens a method body's IL refers to (calls, fields, types, <c>ldtoken</c>), in order.</summary>
internal static class IlTokens
{
    private static readonly OperandType[] OneByte = new OperandType[256];
    private static readonly OperandType[] TwoByte = new OperandType[256];

    static IlTokens()
    {
        Array.Fill(OneByte, OperandType.InlineNone);
        Array.Fill(TwoByte, OperandType.InlineNone);
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode code)
            {
                var value = (ushort)code.Value;
                (code.Size == 1 ? OneByte : TwoByte)[value & 0xFF] = code.OperandType;
            }
        }
    }

    public static List<(EntityHandle Handle, int Offset)> Read(MethodBodyBlock body)
    {
        var tokens = new List<(EntityHandle, int)>();
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var offset = il.Offset;
            var code = il.ReadByte();
            var operand = code == 0xFE ? TwoByte[il.ReadByte()] : OneByte[code];
            switch (operand)
            {
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadUInt16();
                    break;
                case OperandType.InlineI or OperandType.InlineBrTarget or OperandType.ShortInlineR or OperandType.InlineString:
                    il.ReadInt32();
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.ReadInt64();
                    break;
                case OperandType.InlineSwitch:
                    var count = il.ReadInt32();
                    il.Offset += 4 * count;
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                    tokens.Add((MetadataTokens.EntityHandle(il.ReadInt32()), offset));
                    break;
            }
        }

        return tokens;
    }
}
