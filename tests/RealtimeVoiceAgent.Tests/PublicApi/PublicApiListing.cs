using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

namespace RealtimeVoiceAgent.Tests.PublicApi;

// Renders an assembly's public and protected surface as sorted, one-line-per-member text.
internal static class PublicApiListing
{
    private const BindingFlags DeclaredMembers =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var typeName = Name(type);
            lines.Add(TypeHeader(type));
            foreach (var member in type.GetMembers(DeclaredMembers).Where(IsVisible))
            {
                var text = Member(member);
                if (text is not null)
                {
                    lines.Add(typeName + "." + text);
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    private static string TypeHeader(Type type)
    {
        var kind = type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : type.IsValueType ? (type.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class"
            : type.IsSealed ? "sealed class"
            : "class";
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
        _ => false,
    };

    private static string? Member(MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo c:
                return $"ctor({Parameters(c)})";
            case MethodInfo m when m.IsSpecialName && !m.Name.StartsWith("op_", StringComparison.Ordinal):
                return null; // property and event accessors are listed with their property/event
            case MethodInfo m:
                var generic = m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(Name)) + ">" : string.Empty;
                return $"{Modifiers(m)}{m.Name}{generic}({Parameters(m)}) -> {Name(m.ReturnType)}";
            case PropertyInfo p:
                var accessors = new StringBuilder();
                if (p.GetMethod is { } get && (get.IsPublic || get.IsFamily))
                {
                    accessors.Append(" get;");
                }

                if (p.SetMethod is { } set && (set.IsPublic || set.IsFamily))
                {
                    var isInit = set.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit");
                    accessors.Append(isInit ? " init;" : " set;");
                }

                var indexer = p.GetIndexParameters().Length > 0 ? "[" + string.Join(", ", p.GetIndexParameters().Select(x => Name(x.ParameterType))) + "]" : string.Empty;
                return $"{(p.GetAccessors(true)[0].IsStatic ? "static " : string.Empty)}{p.Name}{indexer} : {Name(p.PropertyType)} {{{accessors} }}";
            case FieldInfo f:
                var prefix = f.IsLiteral ? "const " : f.IsStatic ? (f.IsInitOnly ? "static readonly " : "static ") : f.IsInitOnly ? "readonly " : string.Empty;
                var value = f.IsLiteral && f.DeclaringType is { IsEnum: false } ? " = " + FormatConstant(f.GetRawConstantValue()) : string.Empty;
                return f.DeclaringType is { IsEnum: true } ? (f.IsStatic ? $"{f.Name} = {f.GetRawConstantValue()}" : null) : $"{prefix}{f.Name} : {Name(f.FieldType)}{value}";
            case EventInfo e:
                return $"event {e.Name} : {Name(e.EventHandlerType!)}";
            default:
                return null;
        }
    }

    private static string Modifiers(MethodInfo m) =>
        (m.IsStatic ? "static " : string.Empty)
        + (m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m ? "virtual " : m.GetBaseDefinition() != m ? "override " : string.Empty)
        + (m.IsFamily ? "protected " : string.Empty);

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty)
        + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)
        + " " + p.Name
        + (p.HasDefaultValue ? " = " + FormatConstant(p.DefaultValue) : string.Empty)));

    private static string FormatConstant(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0)
            {
                name = name[..tick];
            }

            name += "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
